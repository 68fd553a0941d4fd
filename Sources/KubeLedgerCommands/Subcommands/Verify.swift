import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger verify`: checks the hash chain and every index.
    struct Verify: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the hash chain, every record and every index; exit 5 on any problem.")

        @OptionGroup var global: GlobalOptions

        /// Rebuild indexes and drop projection state from an intact log.
        @Flag(
            help: ArgumentHelp(
                "Rebuild the indexes (objects, time, ids, actors, uids) and drop projection state "
                    + "from the log, then verify.",
                discussion:
                    "Works only when the log itself (records and hash chain) is intact; "
                    + "otherwise exits 5 and changes nothing."
            ))
        var repair = false

        func execute() throws {
            let ledger = try global.openLedger()
            if repair {
                let r = try ledger.repairIndexes()
                let rebuilt = r.entries.keys.sorted().map { "\($0) \(r.entries[$0]!)" }.joined(separator: ", ")
                Terminal.error(
                    "repaired: rebuilt indexes of \(r.events) events (\(rebuilt)); dropped \(r.droppedSnapshots) "
                        + "snapshots and \(r.droppedCheckpoints) checkpoints"
                )
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
                Terminal.print(
                    "ok: \(report.eventsChecked) events verified; chain head "
                        + "\(report.chainHead.isEmpty ? "-" : report.chainHead)"
                )
            }
        }
    }
}
