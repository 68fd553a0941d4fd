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

        @Option(name: [.customShort("l"), .long], help: "Only objects whose labels match (app=web, env in (a,b), !x).")
        var selector: String?
        @Option(name: .customLong("field-selector"), help: "Only objects whose fields match (status.phase=Running).")
        var fieldSelector: String?

        func execute() throws {
            var kindText = target
            var objectName = name
            if target.contains("/") {
                let split = try KindArgument.split(target)
                kindText = String(target[..<target.firstIndex(of: "/")!])
                objectName = split.name
            }
            let (kind, group) = KindArgument.resolve(kindText)
            let clusterScoped = KubeKind.lookup(kindText).map { !$0.isNamespaced } ?? false
            let ns: String? = clusterScoped ? "" : (allNamespaces ? nil : (namespace ?? "default"))
            var query = ObjectQuery(kind: kind, group: group, namespace: ns, name: objectName)
            query.labelSelector = try selector.map { try LabelSelector($0) }
            query.fieldSelector = try fieldSelector.map { try FieldSelector($0) }
            if let field = query.fieldSelector?.unsupportedField(kind: kind) {
                throw CommandFailure(.usage, "field label not supported: \(field)")
            }
            let history = History(ledger: try global.openLedger())
            let point = try HistoryPoint.resolve(at: at, revision: revision, history: history)
            // A Pod table needs only the metadata of each tree (the rest is picked from the bytes).
            let table = global.output == .table || global.output == .wide
            let objects = try history.objects(
                query, at: point, metadataOnly: table && GetView.needsOnlyMetadata(kind: kind))
            switch global.output {
            case .json, .yaml, .jsonl:
                if objectName != nil, objects.count == 1 {
                    Rendering.print(objects[0].value, as: global.output)
                } else {
                    Rendering.print(KubeList.value(objects.map(\.value)), as: global.output)
                }
            case .table, .wide:
                if objects.isEmpty {
                    Terminal.note(GetView.noResources(namespace: ns == "" ? nil : ns).trimmingSuffixNewline)
                    return
                }
                let text = GetView.table(
                    kind: kind, objects: objects.map(\.value), bodies: objects.map(\.body), at: point.time,
                    options: .init(wide: global.output == .wide, allNamespaces: ns == nil))
                Terminal.print(text.trimmingSuffixNewline)
            }
        }
    }
}
