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
                    throw CommandFailure(.integrity, "replay --verify: \(m); run 'kubeledger replay --rebuild'")
                }
                Terminal.print(
                    "ok: every projection rebuilt from revision 1 matches its stored state "
                        + "(\(store.registry.names.joined(separator: ", ")))"
                )
                return
            }
            if let from {
                let history = History(ledger: ledger)
                var filter = EventFilter()
                try filter.narrow(from: from, to: to)
                filter.fromRevision = max(1, filter.fromRevision)
                if let kind { filter.kinds = [KindArgument.resolve(kind).kind] }
                filter.namespace = namespace
                filter.actor = user
                var events: [RecordedEvent] = []
                try history.events(filter, includeBody: global.output != .table) {
                    events.append($0)
                    return true
                }
                switch global.output {
                case .jsonl:
                    events.forEach { Terminal.print(Rendering.jsonLine(EventJSON.value($0, includeObject: true))) }
                case .json, .yaml:
                    let values = events.map { EventJSON.value($0, includeObject: true) }
                    Rendering.print(.object(JSONObject([("events", .array(values))])), as: global.output)
                default:
                    let header = ["REVISION", "TIME", "VERB", "KIND", "NAMESPACE", "NAME", "ACTOR"]
                    let rows = events.map { e in
                        [
                            String(e.revision), e.occurredAt.rfc3339(fractionDigits: 0), e.verb.description,
                            e.object.kind, e.object.namespace.isEmpty ? "-" : e.object.namespace, e.object.name,
                            e.actor.isEmpty ? "<unknown>" : e.actor,
                        ]
                    }
                    Terminal.print(KubectlTable.plain(header: header, rows: rows))
                }
                return
            }
            if at != nil || to != nil {
                let history = History(ledger: ledger)
                let point = try HistoryPoint.resolve(at: at ?? to, revision: nil, history: history)
                switch global.output {
                case .json, .yaml, .jsonl:
                    let items = try history.allObjects(namespace: namespace, at: point)
                    Rendering.print(KubeList.value(items, resourceVersion: String(point.revision)), as: global.output)
                default:
                    let counts = try history.liveCounts(namespace: namespace, at: point)
                    let rows = counts.map { gk, n in
                        let parts = gk.split(separator: "/", omittingEmptySubsequences: false)
                        return [
                            String(parts.last ?? ""), parts.first.map { $0.isEmpty ? "core" : String($0) } ?? "",
                            String(n),
                        ]
                    }
                    let total = counts.reduce(0) { $0 + $1.count }
                    Terminal.print("Cluster at revision \(point.revision) (\(point.time)): \(total) live objects")
                    Terminal.print(KubectlTable.plain(header: ["KIND", "GROUP", "LIVE"], rows: rows))
                }
                return
            }
            let folded =
                rebuild
                ? try store.rebuild(progress: progress.update)
                : try store.catchUp(snapshotHead: true, progress: progress.update)
            var lines: [String] = []
            for type in store.registry.types {
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
