public import Ledger

/// A point in history as a user names it: a revision number, an RFC 3339 time, or a time
/// relative to now (`-15m`, `-2h`, `-3d`, `-30s`, `-1w`). The CLI's `--at`, `--from`, `--to`
/// and the server's `/at/<point>/` take the same forms.
public enum PointInHistory: Sendable, Hashable {
    case revision(UInt64)
    case time(Timestamp)

    /// Parses `text`; `nil` when it is none of the accepted forms.
    public init?(_ text: String, now: Timestamp = .now()) {
        if let r = UInt64(text) {
            self = .revision(r)
        } else if let t = Timestamp(rfc3339: text) {
            self = .time(t)
        } else if let t = Self.relative(text, now: now) {
            self = .time(t)
        } else {
            return nil
        }
    }

    /// `-15m`, `+2h` … relative to `now`.
    static func relative(_ text: String, now: Timestamp) -> Timestamp? {
        guard text.hasPrefix("-") || text.hasPrefix("+"), text.count >= 3 else { return nil }
        let sign: Int64 = text.hasPrefix("-") ? -1 : 1
        let unit = text.last!
        guard let n = Int64(text.dropFirst().dropLast()) else { return nil }
        let seconds: Int64
        switch unit {
        case "s": seconds = n
        case "m": seconds = n * 60
        case "h": seconds = n * 3600
        case "d": seconds = n * 86400
        case "w": seconds = n * 7 * 86400
        default: return nil
        }
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        return Timestamp(nanoseconds: now.nanoseconds &+ sign * product)
    }

    /// The revision this point names in `ledger`: a time maps to the last event that occurred
    /// at or before it (0 when none did).
    public func revision(in ledger: Ledger) throws -> UInt64 {
        switch self {
        case .revision(let r): return r
        case .time(let t): return try ledger.revision(atOrBefore: t) ?? 0
        }
    }
}
