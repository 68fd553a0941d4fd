import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger audit`.
    struct Audit: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Who changed what, when; --field gives the history of one field (blame).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "KIND/NAME (optional).") var target: String?
        @Option(name: [.customShort("n"), .long], help: "The namespace (default: default).") var namespace = "default"
        @Option(help: "Only changes by this user.") var user: String?
        @Option(help: "Only since this time or revision.") var since: String?
        @Option(help: "Only this verb.") var verb: Verb?
        @Option(help: "A field path, e.g. spec.template.spec.containers[0].image: every change of it.") var field:
            String?

        func execute() throws {
            let history = History(ledger: try global.openLedger())
            var filter = EventFilter()
            filter.actor = user
            if let verb { filter.verbs = [verb] }
            try filter.narrow(from: since, fromOption: "--since", to: nil)
            var rows: [AuditTable.Row]
            if let target {
                let (kind, group, name) = try KindArgument.split(target)
                let key = try history.objectKey(kind: kind, group: group, namespace: namespace, name: name)
                if let field {
                    let changes = try history.fieldChanges(of: key, path: field, displayName: target)
                    rows = AuditTable.rows(changes, path: field, object: target)
                    rows = rows.filter { r in
                        filter.fromRevision <= r.revision && (user == nil || r.actor == user)
                            && (filter.fromTime.map { r.time.nanoseconds >= $0.nanoseconds } ?? true)
                    }
                } else {
                    let events = try history.versions(of: key, includeBody: false)
                    guard !events.isEmpty else { throw HistoryError.noHistory(object: target, namespace: namespace) }
                    rows = events.filter { filter.matches($0) && $0.revision >= filter.fromRevision }
                        .map(AuditTable.row)
                }
            } else {
                if field != nil { throw CommandFailure(.usage, "--field needs KIND/NAME") }
                var events: [RecordedEvent] = []
                try history.events(filter, includeBody: false) {
                    events.append($0)
                    return true
                }
                rows = events.filter { filter.matches($0) && $0.revision >= filter.fromRevision }.map(AuditTable.row)
            }
            switch global.output {
            case .json, .jsonl, .yaml:
                let items: [JSONValue] = rows.map { r in
                    .object(
                        JSONObject([
                            ("revision", .number(String(r.revision))), ("time", .string(r.time.description)),
                            ("actor", .string(r.actor)), ("verb", .string(r.verb)), ("object", .string(r.object)),
                            ("change", .string(r.change)),
                        ]))
                }
                if global.output == .jsonl {
                    items.forEach { Terminal.print(Rendering.jsonLine($0)) }
                } else {
                    Rendering.print(.object(JSONObject([("changes", .array(items))])), as: global.output)
                }
            default:
                if rows.isEmpty {
                    Terminal.note("No changes found.")
                } else {
                    Terminal.print(AuditTable.render(rows).trimmingSuffixNewline)
                }
            }
        }
    }
}
