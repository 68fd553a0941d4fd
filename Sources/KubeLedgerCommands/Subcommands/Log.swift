import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger log`: the events, oldest first.
    struct Log: LedgerSubcommand {
        static let configuration = CommandConfiguration(abstract: "List events, oldest first, with filters.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Only this kind (kubectl names work: deploy, po, sts).") var kind: String?
        @Option(help: "Only objects with this name.") var name: String?
        @Option(name: [.customShort("n"), .long], help: "Only this namespace.") var namespace: String?
        @Option(help: "Only events by this user.") var user: String?
        @Option(help: "Only events of the object with this uid (one pod's lifecycle); an index seek.") var uid: String?
        @Option(help: "Only this verb.") var verb: Verb?
        @Option(help: "From this revision or time (inclusive).") var from: String?
        @Option(help: "To this revision or time (inclusive).") var to: String?
        @Option(help: "At most this many events.") var limit: Int?
        @Flag(name: .customLong("with-objects"), help: "Include the objects in -o json/jsonl/yaml output.")
        var withObjects = false

        func execute() throws {
            let history = History(ledger: try global.openLedger())
            var filter = EventFilter()
            if let kind { filter.kinds = [KindArgument.resolve(kind).kind] }
            filter.name = name
            filter.namespace = namespace
            filter.actor = user
            filter.uid = uid
            if let verb { filter.verbs = [verb] }
            try filter.narrow(from: from, to: to)
            var events: [RecordedEvent] = []
            let includeBody = withObjects && global.output != .table && global.output != .wide
            try history.events(filter, includeBody: includeBody) { e in
                if global.output == .jsonl {
                    Terminal.print(Rendering.jsonLine(EventJSON.value(e, includeObject: includeBody)))
                } else {
                    events.append(e)
                }
                if let limit { return (events.count + (global.output == .jsonl ? 1 : 0)) < limit }
                return true
            }
            switch global.output {
            case .jsonl: break
            case .json, .yaml:
                Rendering.print(
                    .object(
                        .init([("events", .array(events.map { EventJSON.value($0, includeObject: includeBody) }))])),
                    as: global.output)
            case .table, .wide:
                var header = ["REVISION", "TIME", "VERB", "KIND", "NAMESPACE", "NAME", "VERSION", "ACTOR"]
                if global.output == .wide { header += ["SOURCE", "UID"] }
                var rows: [[String]] = []
                for e in events {
                    var verb = e.verb.description
                    if !e.subresource.isEmpty { verb += "/" + e.subresource }
                    var row = [
                        String(e.revision), e.occurredAt.rfc3339(fractionDigits: 0), verb, e.object.kind,
                        e.object.namespace.isEmpty ? "-" : e.object.namespace, e.object.name, String(e.objectVersion),
                        e.actor.isEmpty ? "<unknown>" : e.actor,
                    ]
                    if global.output == .wide {
                        row += [e.source.description, e.object.uid.isEmpty ? "-" : e.object.uid]
                    }
                    rows.append(row)
                }
                if events.isEmpty {
                    Terminal.note("No events found.")
                } else {
                    Terminal.print(KubectlTable.plain(header: header, rows: rows))
                }
            }
        }
    }
}
