import Ledger

/// A `--from`/`--to`/`--at` value: a revision number, an RFC 3339 time, or a time relative to
/// now (`-15m`, `-2h`, `-3d`, `-30s`).
enum PointInHistory: Equatable {
    case revision(UInt64)
    case time(Timestamp)

    /// Parses `text`; `nil` when it is none of the accepted forms.
    init?(_ text: String, now: Timestamp = .now()) {
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
        return Timestamp(nanoseconds: now.nanoseconds + sign * seconds * 1_000_000_000)
    }

    /// Parses a time only (for `--at` of `append`).
    static func time(_ text: String, option: String) throws -> Timestamp {
        if case .time(let t)? = PointInHistory(text), UInt64(text) == nil { return t }
        throw CommandFailure(
            .failure,
            "\(option) '\(text)': not a time; use RFC 3339 (2026-11-26T10:00:00Z) or relative (-15m, -2h, -3d)")
    }

    /// Resolves to a revision: a time maps to the last event that occurred at or before it.
    func revision(in ledger: Ledger, option: String, roundUp: Bool = false) throws -> UInt64 {
        switch self {
        case .revision(let r): return r
        case .time(let t):
            if let r = try ledger.revision(atOrBefore: t) { return r }
            return 0
        }
    }

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
}
