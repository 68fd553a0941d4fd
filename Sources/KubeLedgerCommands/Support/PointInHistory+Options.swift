import KubeLedger
import Ledger

/// The CLI's `--at`, `--from`, `--to` and `--since` values: the library's ``PointInHistory``
/// with the messages users see.
extension PointInHistory {
    /// Parses an option value or fails with a usage message.
    static func parse(_ text: String, option: String) throws -> PointInHistory {
        guard let p = PointInHistory(text) else {
            throw CommandFailure(
                .usage,
                "\(option) '\(text)': use a revision number, an RFC 3339 time (2026-11-26T10:00:00Z) or a relative "
                    + "time (-15m, -2h, -3d)"
            )
        }
        return p
    }

    /// Parses a time only (for `--at` of `append` and the imports).
    static func time(_ text: String, option: String) throws -> Timestamp {
        if case .time(let t)? = PointInHistory(text), UInt64(text) == nil { return t }
        throw CommandFailure(
            .failure,
            "\(option) '\(text)': not a time; use RFC 3339 (2026-11-26T10:00:00Z) or relative (-15m, -2h, -3d)")
    }

    /// Parses an option value and resolves it to a revision of `history`'s ledger.
    static func revision(_ text: String, option: String, in history: History) throws -> UInt64 {
        try parse(text, option: option).revision(in: history.ledger)
    }
}

extension EventFilter {
    /// Narrows the filter to `--from`/`--since` and `--to`: a revision bounds the revisions, a
    /// time the occurrence times (the events that occurred from, or until, then).
    mutating func narrow(from: String?, fromOption: String = "--from", to: String?) throws {
        switch try from.map({ try PointInHistory.parse($0, option: fromOption) }) {
        case .revision(let r)?: fromRevision = r
        case .time(let t)?: fromTime = t
        case nil: break
        }
        switch try to.map({ try PointInHistory.parse($0, option: "--to") }) {
        case .revision(let r)?: toRevision = r
        case .time(let t)?: toTime = t
        case nil: break
        }
    }
}

extension HistoryPoint {
    /// `--at T|R` and `--revision R`, which are exclusive; neither means the head, now. A
    /// `--revision` at or beyond the head shows ages as of now.
    static func resolve(at: String?, revision: UInt64?, history: History) throws -> HistoryPoint {
        if at != nil && revision != nil { throw CommandFailure(.usage, "--at and --revision cannot be used together") }
        if let revision {
            var point = try history.point(.revision(revision))
            if revision >= (try history.ledger.lastRevision()) { point.time = .now() }
            return point
        }
        return try history.point(at.map { try PointInHistory.parse($0, option: "--at") })
    }
}
