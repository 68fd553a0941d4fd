import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger identity sts/NAME`.
    struct Identity: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "The StatefulSet identity ledger: per ordinal its pod, DNS name, claims, volumes and nodes over time.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "sts/NAME.") var target: String
        @Option(name: [.customShort("n"), .long], help: "The namespace (default: default).") var namespace = "default"
        @Option(help: "As it was at this time or revision.") var at: String?

        func execute() throws {
            let (kind, _, name) = try KindArgument.split(target)
            guard kind == "StatefulSet" else { throw CommandFailure(.usage, "'\(target)': identity works on statefulsets (sts/NAME)") }
            let ledger = try global.openLedger()
            let point = try HistoryPoint.resolve(at: at, revision: nil, ledger: ledger)
            guard let id = try WorkloadQueries(ledger: ledger).identity(namespace: namespace, name: name, at: point.revision) else {
                throw CommandFailure(.notFound, "Error from server (NotFound): statefulsets.apps \"\(name)\" not found")
            }
            switch global.output {
            case .json, .jsonl, .yaml: Rendering.print(IdentityView.json(id), as: global.output)
            default: Terminal.print(IdentityView.text(id).trimmingSuffixNewline)
            }
        }
    }

    /// `kubeledger diff KIND/NAME --from --to`.
    struct Diff: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Unified YAML diff of one object between two revisions or times.",
            discussion: "Noise (managedFields, resourceVersion, status timestamps) is hidden unless --all.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "KIND/NAME.") var target: String
        @Option(name: [.customShort("n"), .long], help: "The namespace (default: default).") var namespace = "default"
        @Option(help: "From this revision or time.") var from: String
        @Option(help: "To this revision or time (default: now).") var to: String?
        @Flag(help: "Show every field, noise included.") var all = false

        func execute() throws {
            let (kind, group, name) = try KindArgument.split(target)
            let ledger = try global.openLedger()
            let key = try objectKey(kind: kind, group: group, namespace: namespace, name: name, ledger: ledger)
            let fromRev = try PointInHistory.parse(from, option: "--from").revision(in: ledger, option: "--from")
            let toRev = try to.map { try PointInHistory.parse($0, option: "--to").revision(in: ledger, option: "--to") } ?? ledger.lastRevision()
            func text(at r: UInt64) throws -> (String, String) {
                guard let entry = try ledger.latest(of: key, atOrBefore: r) else { return ("", "absent@\(r)") }
                if entry.verb == .delete { return ("", "deleted@\(entry.revision)") }
                guard let body = try ledger.event(at: entry.revision)?.body, let v = try? JSONReader.parse(body, maxDepth: 10_000) else { return ("", "@\(entry.revision)") }
                return (KubectlYAML.render(all ? v : DiffNoiseFilter.filter(v)), "@\(entry.revision)")
            }
            let (a, aLabel) = try text(at: fromRev)
            let (b, bLabel) = try text(at: toRev)
            let d = UnifiedDiff.diff(a, b, oldName: "\(target)\(aLabel)", newName: "\(target)\(bLabel)")
            if d.isEmpty { Terminal.note("no changes to \(target) between revision \(fromRev) and \(toRev)") } else { Terminal.write(1, d.hasSuffix("\n") ? d : d + "\n") }
        }
    }

    /// `kubeledger audit`.
    struct Audit: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Who changed what, when; --field gives the history of one field (blame).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "KIND/NAME (optional).") var target: String?
        @Option(name: [.customShort("n"), .long], help: "The namespace (default: default).") var namespace = "default"
        @Option(help: "Only changes by this user.") var user: String?
        @Option(help: "Only since this time or revision.") var since: String?
        @Option(help: "Only this verb.") var verb: String?
        @Option(help: "A field path, e.g. spec.template.spec.containers[0].image: every change of it.") var field: String?

        func execute() throws {
            let ledger = try global.openLedger()
            var filter = EventFilter()
            filter.actor = user
            if let verb {
                guard let v = Verb(name: verb) else { throw CommandFailure(.usage, "--verb '\(verb)': use create, update, patch or delete") }
                filter.verbs = [v]
            }
            if let since {
                switch try PointInHistory.parse(since, option: "--since") {
                case .revision(let r): filter.fromRevision = r
                case .time(let t): filter.fromRevision = (try ledger.revision(atOrBefore: Timestamp(nanoseconds: t.nanoseconds - 1)) ?? 0) + 1
                }
            }
            var events: [RecordedEvent] = []
            if let target {
                let (kind, group, name) = try KindArgument.split(target)
                let key = try objectKey(kind: kind, group: group, namespace: namespace, name: name, ledger: ledger)
                let revisions = try ledger.history(of: key).map(\.revision)
                guard !revisions.isEmpty else { throw CommandFailure(.notFound, "no history of \(target) in namespace \(namespace)") }
                events = try ledger.events(at: revisions, includeBody: field != nil)
            } else {
                if field != nil { throw CommandFailure(.usage, "--field needs KIND/NAME") }
                try ledger.scan(filter, includeBody: false) { events.append($0); return true }
            }
            var rows: [AuditTable.Row]
            if let field, let target {
                let changes = FieldHistory.changes(of: field, in: events)
                rows = AuditTable.rows(changes, path: field, object: target)
                rows = rows.filter { r in filter.fromRevision <= r.revision && (user == nil || r.actor == user) }
            } else {
                rows = events.filter { filter.matches($0) && $0.revision >= filter.fromRevision }.map(AuditTable.row)
            }
            switch global.output {
            case .json, .jsonl, .yaml:
                let items: [JSONValue] = rows.map { r in
                    .object(JSONObject([("revision", .number(String(r.revision))), ("time", .string(r.time.description)),
                                        ("actor", .string(r.actor)), ("verb", .string(r.verb)), ("object", .string(r.object)), ("change", .string(r.change))]))
                }
                if global.output == .jsonl { items.forEach { Terminal.print(Rendering.jsonLine($0)) } } else {
                    Rendering.print(.object(JSONObject([("changes", .array(items))])), as: global.output)
                }
            default:
                if rows.isEmpty { Terminal.note("No changes found.") } else { Terminal.print(AuditTable.render(rows).trimmingSuffixNewline) }
            }
        }
    }

    /// `kubeledger export`.
    struct Export: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Write events as native JSON lines; importing an export into an empty store gives the same records and chain head.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "From this revision or time.") var from: String?
        @Option(help: "To this revision or time.") var to: String?

        func execute() throws {
            let ledger = try global.openLedger()
            var filter = EventFilter()
            if let from { filter.fromRevision = max(1, try PointInHistory.parse(from, option: "--from").revision(in: ledger, option: "--from")) }
            if let to { filter.toRevision = try PointInHistory.parse(to, option: "--to").revision(in: ledger, option: "--to") }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            try ledger.scan(filter) { e in
                NativeEventWriter.append(e, to: &buffer)
                if buffer.count >= 1 << 20 {
                    Terminal.write(bytes: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
                return true
            }
            Terminal.write(bytes: buffer)
        }
    }
}

/// The object key of KIND/NAME: the known kind's group, else whichever group the log has.
func objectKey(kind: String, group: String?, namespace: String, name: String, ledger: Ledger) throws -> ObjectKey {
    let ns = KubeKind.lookup(kind).map { $0.isNamespaced ? namespace : "" } ?? namespace
    if let group { return ObjectKey(group: group, kind: kind, namespace: ns, name: name) }
    let candidates = try ledger.liveObjects(groupKind: nil).map(\.key).filter { $0.kind == kind && $0.name == name && ($0.namespace == ns || $0.namespace.isEmpty) }
    return candidates.first ?? ObjectKey(group: "", kind: kind, namespace: ns, name: name)
}
