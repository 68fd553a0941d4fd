import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger stats`: counts and sizes.
    struct Stats: LedgerSubcommand {
        static let configuration = CommandConfiguration(abstract: "Show counts and sizes of the store.")

        @OptionGroup var global: GlobalOptions

        func execute() throws {
            let s = try global.openLedger().stats()
            var o = JSONObject()
            o["store"] = .string(global.storePath)
            o["format"] = .number(String(s.format))
            o["events"] = .number(String(s.events))
            o["objects"] = .number(String(s.objects))
            o["lastRevision"] = .number(String(s.lastRevision))
            o["chainHead"] = .string(s.chainHead)
            o["firstOccurredAt"] = s.firstOccurredAt.map { .string($0.description) } ?? .null
            o["lastOccurredAt"] = s.lastOccurredAt.map { .string($0.description) } ?? .null
            o["usedBytes"] = .number(String(s.usedBytes))
            o["mapSize"] = .number(String(s.mapSize))
            o["bytesPerEvent"] = .number(String(s.events == 0 ? 0 : s.usedBytes / s.events))
            o["databases"] = .object(JSONObject(s.entries.keys.sorted().map { name in
                (name, .object(.init([("entries", .number(String(s.entries[name]!))), ("bytes", .number(String(s.bytes[name] ?? 0)))])))
            }))
            if let c = s.createdAt { o["createdAt"] = .string(c) }
            switch global.output {
            case .table, .wide:
                var lines = [
                    "Store:        \(global.storePath) (format \(s.format))",
                    "Events:       \(s.events) (revisions 1-\(s.lastRevision))",
                    "Objects:      \(s.objects)",
                    "Time range:   \(s.firstOccurredAt?.description ?? "-") .. \(s.lastOccurredAt?.description ?? "-")",
                    "Disk used:    \(s.usedBytes) bytes (\(s.events == 0 ? 0 : s.usedBytes / s.events) per event), map \(s.mapSize)",
                    "Chain head:   \(s.chainHead.isEmpty ? "-" : s.chainHead)",
                ]
                var table = TextTable(["DATABASE", "ENTRIES", "BYTES"])
                for name in s.entries.keys.sorted() { table.add([name, String(s.entries[name]!), String(s.bytes[name] ?? 0)]) }
                lines.append("")
                lines.append(table.render())
                Terminal.print(lines.joined(separator: "\n"))
            default: Rendering.print(.object(o), as: global.output)
            }
        }
    }

    /// `kubeledger verify`: checks the hash chain and every index.
    struct Verify: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the hash chain, every record and every index; exit 5 on any problem.")

        @OptionGroup var global: GlobalOptions

        /// Rebuild indexes and drop projection state from an intact log.
        @Flag(help: ArgumentHelp(
            "Rebuild the indexes (objects, time, ids, actors, uids) and drop projection state from the log, then verify.",
            discussion: "Works only when the log itself (records and hash chain) is intact; otherwise exits 5 and changes nothing."))
        var repair = false

        func execute() throws {
            let ledger = try global.openLedger()
            if repair {
                let r = try ledger.repairIndexes()
                let rebuilt = r.entries.keys.sorted().map { "\($0) \(r.entries[$0]!)" }.joined(separator: ", ")
                Terminal.error("repaired: rebuilt indexes of \(r.events) events (\(rebuilt)); dropped \(r.droppedSnapshots) snapshots and \(r.droppedCheckpoints) checkpoints")
            }
            let report = try ledger.verify()
            var o = JSONObject()
            o["valid"] = .bool(report.isValid)
            o["eventsChecked"] = .number(String(report.eventsChecked))
            o["chainHead"] = .string(report.chainHead)
            if let r = report.firstBadRevision { o["firstBadRevision"] = .number(String(r)) }
            let problem = CommandFailure.problem(of: report)
            if let p = problem { o["problem"] = .string(p) }
            if global.output != .table && global.output != .wide { Rendering.print(.object(o), as: global.output) }
            guard report.isValid else {
                throw CommandFailure(
                    .integrity, "verify failed at revision \(report.firstBadRevision ?? 0): \(problem ?? "")")
            }
            if global.output == .table || global.output == .wide {
                Terminal.print("ok: \(report.eventsChecked) events verified; chain head \(report.chainHead.isEmpty ? "-" : report.chainHead)")
            }
        }
    }
}
