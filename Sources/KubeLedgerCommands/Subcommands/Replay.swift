import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger replay`.
    struct Replay: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Rebuild projections from the log, show the whole cluster at a point, "
                + "or stream events between two points.",
            discussion: """
                replay --to R | --at T      the whole cluster then (a List with -o json|yaml, a summary otherwise)
                replay --from A --to B      the events between, with log's filters
                replay --verify             rebuild every projection from revision 1 and compare with the \
                stored state (exit 5 on difference)
                replay [--rebuild]          bring projections up to date (from scratch with --rebuild)
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "From this revision or time.") var from: String?
        @Option(help: "To this revision or time.") var to: String?
        @Option(help: "The whole cluster at this time or revision.") var at: String?
        @Flag(help: "Compare every projection rebuilt from revision 1 with its stored state.") var verify = false
        @Flag(help: "Drop stored projection state and rebuild it.") var rebuild = false
        @Option(help: "Only this kind (with --from/--to).") var kind: String?
        @Option(name: [.customShort("n"), .long], help: "Only this namespace.") var namespace: String?
        @Option(help: "Only events by this user (with --from/--to).") var user: String?
        @Option(name: .customLong("snapshot-interval"), help: "Revisions between projection snapshots (K).")
        var interval: UInt64 = ProjectionStore.defaultInterval

        func execute() throws {
            let ledger = try global.openLedger()
            let store = ProjectionStore(ledger: ledger, interval: interval)
            let progress = Progress("replaying")
            defer { progress.finish() }
            if verify {
                _ = try store.catchUp(snapshotHead: true, progress: progress.update)
                if let m = try store.verify(progress: progress.update) {
                    throw CommandFailure(.integrity, "replay --verify: \(m)")
                }
                Terminal.print(
                    "ok: every projection rebuilt from revision 1 matches its stored state "
                        + "(\(ProjectionRegistry.standard.types.map { $0.name }.joined(separator: ", ")))"
                )
                return
            }
            if let from {
                var filter = EventFilter()
                filter.fromRevision = max(
                    1, try PointInHistory.parse(from, option: "--from").revision(in: ledger, option: "--from"))
                if let to {
                    filter.toRevision = try PointInHistory.parse(to, option: "--to").revision(
                        in: ledger, option: "--to")
                }
                if let kind { filter.kinds = [KindArgument.resolve(kind).kind] }
                filter.namespace = namespace
                filter.actor = user
                var events: [RecordedEvent] = []
                try ledger.scan(filter, includeBody: global.output != .table) {
                    events.append($0)
                    return true
                }
                switch global.output {
                case .jsonl:
                    events.forEach { Terminal.print(Rendering.jsonLine(EventJSON.value($0, includeObject: true))) }
                case .json, .yaml:
                    Rendering.print(
                        .object(
                            JSONObject([("events", .array(events.map { EventJSON.value($0, includeObject: true) }))])),
                        as: global.output)
                default:
                    var table = TextTable(["REVISION", "TIME", "VERB", "KIND", "NAMESPACE", "NAME", "ACTOR"])
                    for e in events {
                        table.add([
                            String(e.revision), e.occurredAt.rfc3339(fractionDigits: 0), e.verb.description,
                            e.object.kind,
                            e.object.namespace.isEmpty ? "-" : e.object.namespace, e.object.name,
                            e.actor.isEmpty ? "<unknown>" : e.actor,
                        ])
                    }
                    Terminal.print(table.render())
                }
                return
            }
            if at != nil || to != nil {
                let point = try HistoryPoint.resolve(at: at ?? to, revision: nil, ledger: ledger)
                let live = try WorkloadQueries(ledger: ledger).liveEntries(
                    groupKind: nil, namespace: namespace, at: point.revision)
                switch global.output {
                case .json, .yaml, .jsonl:
                    var items: [JSONValue] = []
                    var index = 0
                    while index < live.count {
                        let chunk = live[index..<min(index + 4096, live.count)]
                        for e in try ledger.events(at: chunk.map(\.revision)) {
                            if let b = e.body, let v = try? JSONReader.parse(b, maxDepth: 10_000) { items.append(v) }
                        }
                        index += chunk.count
                    }
                    Rendering.print(
                        .object(
                            JSONObject([
                                ("apiVersion", .string("v1")), ("items", .array(items)), ("kind", .string("List")),
                                (
                                    "metadata",
                                    .object(JSONObject([("resourceVersion", .string(String(point.revision)))]))
                                ),
                            ])), as: global.output)
                default:
                    var counts: [String: Int] = [:]
                    for o in live { counts[o.key.groupKind, default: 0] += 1 }
                    var table = TextTable(["KIND", "GROUP", "LIVE"])
                    for (gk, n) in counts.sorted(by: { $0.key < $1.key }) {
                        let parts = gk.split(separator: "/", omittingEmptySubsequences: false)
                        table.add([
                            String(parts.last ?? ""), parts.first.map { $0.isEmpty ? "core" : String($0) } ?? "",
                            String(n),
                        ])
                    }
                    Terminal.print("Cluster at revision \(point.revision) (\(point.time)): \(live.count) live objects")
                    Terminal.print(table.render())
                }
                return
            }
            let folded =
                rebuild
                ? try store.rebuild(progress: progress.update)
                : try store.catchUp(snapshotHead: true, progress: progress.update)
            var lines: [String] = []
            for type in ProjectionRegistry.standard.types {
                let cp = try ledger.checkpoint(type.name)
                lines.append(
                    "\(type.name): checkpoint \(cp?.revision ?? 0), checksum "
                        + "\(cp.map { Hex.encode($0.checksum).prefix(16) + "…" } ?? "-")"
                )
            }
            Terminal.print(
                "folded \(folded) events (snapshots every \(interval) revisions)\n" + lines.joined(separator: "\n"))
        }
    }
}
