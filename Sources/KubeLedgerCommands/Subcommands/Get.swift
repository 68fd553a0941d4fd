import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger get KIND[/NAME]`: objects as they were.
    struct Get: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Show objects as they were at a revision or time (kubectl's columns).",
            discussion: "Examples: get pods -A --at 2026-11-26T14:03:00Z; get deploy/web --revision 120 -o yaml")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "KIND, KIND/NAME, or KIND NAME (kubectl names: po, deploy, sts, pvc …).") var target: String
        @Argument(help: "The name, when not given as KIND/NAME.") var name: String?
        @Option(name: [.customShort("n"), .long], help: "The namespace (default: default).") var namespace: String?
        @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace.") var allNamespaces =
            false
        @Option(help: "The time (RFC 3339 or relative) or revision to look at. Default: now.") var at: String?
        @Option(help: "The revision to look at.") var revision: UInt64?

        func execute() throws {
            let ledger = try global.openLedger()
            var kindText = target
            var objectName = name
            if target.contains("/") {
                let split = try KindArgument.split(target)
                kindText = String(target[..<target.firstIndex(of: "/")!])
                objectName = split.name
            }
            let (kind, group) = KindArgument.resolve(kindText)
            let point = try HistoryPoint.resolve(at: at, revision: revision, ledger: ledger)
            let known = KubeKind.lookup(kindText)
            let clusterScoped = known.map { !$0.isNamespaced } ?? false
            let ns: String? = clusterScoped ? "" : (allNamespaces ? nil : (namespace ?? "default"))
            let objects: [(ObjectKey, RecordedEvent)]
            let queries = WorkloadQueries(ledger: ledger)
            if let group {
                objects = try queries.liveObjects(
                    groupKind: "\(group)/\(kind)", namespace: ns, name: objectName, at: point.revision)
            } else {
                objects = try queries.liveObjects(
                    groupKind: nil, kind: kind, namespace: ns, name: objectName, at: point.revision)
            }
            // Objects appended from client-side manifests may lack metadata.namespace: show the
            // namespace they were recorded in.
            var values: [JSONValue] = []
            var bodies: [[UInt8]] = []
            // A Pod table needs only the metadata of each tree (the rest is picked from the bytes).
            let metadataOnly =
                (global.output == .table || global.output == .wide) && GetView.needsOnlyMetadata(kind: kind)
            for (key, e) in objects {
                guard let body = e.body,
                    let v = try?
                        (metadataOnly
                        ? JSONReader.parseMetadata(body, maxDepth: 10_000) : JSONReader.parse(body, maxDepth: 10_000))
                else { continue }
                bodies.append(body)
                guard !key.namespace.isEmpty, v.value(atPath: "metadata.namespace") == nil,
                    case .object(var o) = v, case .object(var m)? = o["metadata"]
                else {
                    values.append(v)
                    continue
                }
                m["namespace"] = .string(key.namespace)
                o["metadata"] = .object(m)
                values.append(.object(o))
            }
            if let objectName, values.isEmpty {
                throw CommandFailure(
                    .notFound,
                    "Error from server (NotFound): \(resourceName(kind: kind, group: group)) "
                        + "\"\(objectName)\" not found"
                )
            }
            switch global.output {
            case .json, .yaml, .jsonl:
                if objectName != nil, values.count == 1 {
                    Rendering.print(values[0], as: global.output)
                } else {
                    let list = JSONValue.object(
                        JSONObject([
                            ("apiVersion", .string("v1")), ("items", .array(values)), ("kind", .string("List")),
                            ("metadata", .object(JSONObject([("resourceVersion", .string(""))]))),
                        ]))
                    Rendering.print(list, as: global.output)
                }
            case .table, .wide:
                if values.isEmpty {
                    Terminal.note(GetView.noResources(namespace: ns == "" ? nil : ns).trimmingSuffixNewline)
                    return
                }
                let text = GetView.table(
                    kind: kind, objects: values, bodies: bodies, at: point.time,
                    options: .init(wide: global.output == .wide, allNamespaces: ns == nil))
                Terminal.print(text.trimmingSuffixNewline)
            }
        }
    }
}
