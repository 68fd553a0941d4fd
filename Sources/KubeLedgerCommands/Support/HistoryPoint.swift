import KubeLedger
import Ledger

/// Resolves `--at T` / `--revision R` to a revision and the reference time for AGE columns.
struct HistoryPoint {
    var revision: UInt64
    var time: Timestamp

    /// `at` (a time or revision) and `revision` are exclusive; neither means the head, now.
    static func resolve(at: String?, revision: UInt64?, ledger: Ledger) throws -> HistoryPoint {
        if at != nil && revision != nil { throw CommandFailure(.usage, "--at and --revision cannot be used together") }
        let head = try ledger.lastRevision()
        if let revision {
            let t = try ledger.event(at: min(revision, head), includeBody: false)?.occurredAt ?? .now()
            return HistoryPoint(revision: revision, time: revision >= head ? .now() : t)
        }
        if let at {
            switch try PointInHistory.parse(at, option: "--at") {
            case .revision(let r):
                return HistoryPoint(
                    revision: r, time: try ledger.event(at: min(r, head), includeBody: false)?.occurredAt ?? .now())
            case .time(let t):
                return HistoryPoint(revision: try ledger.revision(atOrBefore: t) ?? 0, time: t)
            }
        }
        return HistoryPoint(revision: head, time: .now())
    }
}
