import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger get TYPE[,TYPE…] [NAME…]` or `get TYPE/NAME…`: objects as they were.
    struct Get: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Show objects as they were at a revision or time (kubectl's columns).",
            discussion: """
                Examples: get pods -A --at 2026-11-26T14:03:00Z; get deploy/web --revision 120 -o yaml;
                get deploy,rs,sts -l app=web; get all -n shop -o name; get deployment.v1.apps web
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(
            help: "TYPE[,TYPE…] [NAME…] or TYPE/NAME… (po, deploy, sts.apps, all, a CRD's names …).")
        var arguments: [String] = []
        @Option(name: [.customShort("n"), .long], help: "The namespace (default: default).") var namespace: String?
        @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace.") var allNamespaces =
            false
        @Option(help: "The time (RFC 3339 or relative) or revision to look at. Default: now.") var at: String?
        @Option(help: "The revision to look at.") var revision: UInt64?

        @Option(name: [.customShort("l"), .long], help: "Only objects whose labels match (app=web, env in (a,b), !x).")
        var selector: String?
        @Option(name: .customLong("field-selector"), help: "Only objects whose fields match (status.phase=Running).")
        var fieldSelector: String?
        @Flag(name: .customLong("show-managed-fields"), help: "Keep metadata.managedFields in -o yaml|json.")
        var showManagedFields = false
        @Flag(name: .customLong("no-headers"), help: "Tables without their header line.") var noHeaders = false
        @Flag(name: .customLong("show-labels"), help: "A LABELS column last.") var showLabels = false
        @Option(
            name: [.customShort("L"), .customLong("label-columns")],
            help: "A column for each label key (repeat or separate by commas).")
        var labelColumns: [String] = []
        @Option(name: .customLong("sort-by"), help: "Sort by a JSONPathTemplate (.metadata.name, {.status.startTime}).")
        var sortBy: String?

        func execute() throws {
            let args = try GetArguments(arguments)
            let format = try Self.template(global.outputSpec.kubectl)
            let sortPath: JSONPathTemplate?
            do { sortPath = try sortBy.map { s throws(JSONPathError) in try JSONPathTemplate(relaxed: s) } } catch {
                throw CommandFailure(.usage, error.description)
            }
            let labelSelector = try selector.map { try LabelSelector($0) }
            let fieldSelector = try fieldSelector.map { try FieldSelector($0) }
            let history = History(ledger: try global.openLedger(kubectlFormats: true))
            let point = try HistoryPoint.resolve(at: at, revision: revision, history: history)
            let resolver = try ResourceResolver(ledger: history.ledger, at: point.revision)
            var kinds: [(KubeKind, [String])] = []
            for request in args.requests {
                let resolved: [KubeKind]
                do { resolved = try resolver.resolve(request.type) } catch {
                    throw CommandFailure(.notFound, error.description)
                }
                for kind in resolved {
                    if let field = fieldSelector?.unsupportedField(kind: kind.kind) {
                        throw CommandFailure(.usage, "field label not supported: \(field)")
                    }
                    kinds.append((kind, request.names))
                }
            }
            // A table or names need only each object's metadata (Pod cells are picked from the bytes).
            let kubectl = global.outputSpec.kubectl
            let table = kubectl == .name || (kubectl == nil && (global.output == .table || global.output == .wide))
            if kubectl == nil, global.output == .table || global.output == .wide, kinds.count == 1,
                kinds[0].0.kind == "Pod", kinds[0].0.group.isEmpty, kinds[0].1.isEmpty, labelSelector == nil,
                fieldSelector == nil, sortPath == nil, !showLabels, labelColumns.isEmpty
            {
                return try showPodRows(kinds[0].0, history: history, point: point)
            }
            var found: [(KubeKind, [HistoricalObject])] = []
            var missing: [HistoryError] = []
            for (kind, names) in kinds {
                let ns: String? = kind.isNamespaced ? (allNamespaces ? nil : (namespace ?? "default")) : ""
                var query = ObjectQuery(kind: kind.kind, group: kind.group, namespace: ns)
                query.resource = kind.group.isEmpty ? kind.resource : "\(kind.resource).\(kind.group)"
                query.labelSelector = labelSelector
                query.fieldSelector = fieldSelector
                // --sort-by reads any field, so it needs whole objects.
                let metadataOnly = table && sortPath == nil && GetView.needsOnlyMetadata(kind: kind.kind)
                var objects: [HistoricalObject] = []
                for name in names.isEmpty ? [nil] : names.map(Optional.some) {
                    query.name = name
                    do { objects += try history.objects(query, at: point, metadataOnly: metadataOnly) } catch let e
                        as HistoryError
                    {
                        missing.append(e)
                    }
                }
                if !objects.isEmpty { found.append((kind, objects)) }
            }
            if found.isEmpty, missing.count == 1 { throw missing[0] }
            if let sortPath {
                // kubectl refuses a field that none of the objects (of every type asked for) has.
                let all = found.flatMap { $0.1.map(\.value) }
                if !all.isEmpty, !sortPath.selectsAny(all) {
                    throw CommandFailure(.usage, sortPath.notFoundMessage)
                }
                found = found.map { kind, objects in
                    (kind, sortPath.sortedIndices(objects.map(\.value)).map { objects[$0] })
                }
            }
            show(
                found, single: args.singleItem && missing.isEmpty, clusterOnly: kinds.allSatisfy { !$0.0.isNamespaced },
                format: format, sorted: sortPath != nil, point: point)
            if !missing.isEmpty {
                for e in missing { Terminal.error("error: Error from server (NotFound): \(e)") }
                throw ExitCode(ExitStatus.notFound.rawValue)
            }
        }

        /// `get pods` as a table, from the pod rows kept beside the live set
        /// (``History/podRows(_:at:)``): no pod is read or parsed when the rows are current. The
        /// same text as ``show(_:single:clusterOnly:format:sorted:point:)``.
        func showPodRows(_ kind: KubeKind, history: History, point: HistoryPoint) throws {
            let ns: String? = allNamespaces ? nil : (namespace ?? "default")
            var query = ObjectQuery(kind: kind.kind, group: kind.group, namespace: ns)
            query.resource = kind.resource
            let rows = try history.podRows(query, at: point)
            guard !rows.isEmpty else {
                Terminal.note(GetView.noResources(namespace: ns).trimmingSuffixNewline)
                return
            }
            var options = GetView.Options(wide: global.output == .wide, allNamespaces: allNamespaces)
            options.noHeaders = noHeaders
            Terminal.print(GetView.podTable(rows, at: point.time, options: options).trimmingSuffixNewline)
        }

        /// Prints what was found in the format asked for.
        func show(
            _ found: [(KubeKind, [HistoricalObject])], single: Bool, clusterOnly: Bool, format: Template?,
            sorted: Bool, point: HistoryPoint
        ) {
            let all = found.flatMap(\.1)
            func document() -> JSONValue {
                let value = single && all.count == 1 ? all[0].value : KubeList.value(all.map(\.value))
                return showManagedFields ? value : ManagedFields.hidden(value)
            }
            switch format {
            case .name?:
                for (kind, objects) in found {
                    for o in objects { Terminal.print("\(Self.qualified(kind))/\(o.key.name)") }
                }
                return
            case .jsonpath(let path)?:
                Terminal.write(1, path.text(document()))
                return
            case .customColumns(let columns)?:
                let objects = all.map { showManagedFields ? $0.value : ManagedFields.hidden($0.value) }
                Terminal.print(columns.table(objects, noHeaders: noHeaders).trimmingSuffixNewline)
                return
            case nil: break
            }
            switch global.output {
            case .json, .yaml, .jsonl:
                if global.output == .json {
                    Terminal.print(Rendering.kubectlJSON(document()))
                } else {
                    Rendering.print(document(), as: global.output)
                }
            case .table, .wide:
                if all.isEmpty {
                    let ns = allNamespaces ? nil : (namespace ?? "default")
                    Terminal.note(GetView.noResources(namespace: clusterOnly ? nil : ns).trimmingSuffixNewline)
                    return
                }
                let withKind = Set(found.map(\.0.groupKind)).count > 1
                var tables: [String] = []
                for (kind, objects) in found {
                    var options = GetView.Options(
                        wide: global.output == .wide, allNamespaces: kind.isNamespaced && allNamespaces)
                    options.namePrefix = withKind ? Self.qualified(kind) + "/" : ""
                    options.noHeaders = noHeaders
                    options.keepOrder = sorted
                    options.showLabels = showLabels
                    options.labelColumns = labelColumns.flatMap { $0.split(separator: ",").map(String.init) }
                    tables.append(
                        GetView.table(
                            kind: kind.kind, objects: objects.map(\.value), bodies: objects.map(\.body),
                            at: point.time, options: options
                        ).trimmingSuffixNewline)
                }
                Terminal.print(tables.joined(separator: "\n\n"))
            }
        }

        /// A parsed kubectl output template.
        enum Template {
            case name
            case jsonpath(JSONPathTemplate)
            case customColumns(CustomColumns)
        }

        /// Parses (and reads the file of) `-o name|jsonpath…|custom-columns…`.
        ///
        /// - Throws: ``CommandFailure`` (usage) with kubectl's words for a malformed template.
        static func template(_ output: KubectlOutput?) throws -> Template? {
            func read(_ path: String) throws -> String {
                String(decoding: try InputFiles.read(path), as: UTF8.self)
            }
            do {
                switch output {
                case nil: return nil
                case .name?: return .name
                case .jsonpath(let t)?: return .jsonpath(try JSONPathTemplate(t))
                case .jsonpathFile(let f)?: return .jsonpath(try JSONPathTemplate(try read(f)))
                case .customColumns(let s)?: return .customColumns(try CustomColumns(spec: s))
                case .customColumnsFile(let f)?: return .customColumns(try CustomColumns(file: try read(f)))
                }
            } catch let e as JSONPathError {
                throw CommandFailure(.usage, e.description)
            }
        }

        /// kubectl's `KIND[.GROUP]` in `-o name` and in NAME cells of several types:
        /// `pod`, `deployment.apps`.
        static func qualified(_ kind: KubeKind) -> String {
            kind.group.isEmpty ? kind.kind.lowercased() : "\(kind.kind.lowercased()).\(kind.group)"
        }
    }
}
