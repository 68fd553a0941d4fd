public import Ledger

/// kubectl's AGE column: `duration.HumanDuration` of the time since `creationTimestamp`,
/// measured at a reference time (the `--at` being shown) rather than now.
public enum KubectlAge {
    /// `HumanDuration` from `k8s.io/apimachinery/pkg/util/duration`: `45s`, `5m`, `5m30s`,
    /// `3h2m`, `2d`, `2d3h`, `1y20d`; `<invalid>` more than a second in the future.
    public static func humanDuration(seconds total: Int64) -> String {
        if total < -1 { return "<invalid>" }
        if total < 0 { return "0s" }
        if total < 120 { return "\(total)s" }
        let minutes = total / 60
        if minutes < 10 {
            let s = total % 60
            return s == 0 ? "\(minutes)m" : "\(minutes)m\(s)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = total / 3600
        if hours < 8 {
            let m = minutes % 60
            return m == 0 ? "\(hours)h" : "\(hours)h\(m)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let h = hours % 24
            return h == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(h)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let dy = (hours / 24) % 365
            return dy == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(dy)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// The age of something that happened at `time`, seen at `reference`; `<unknown>` when
    /// there is no time.
    public static func since(_ time: Timestamp?, at reference: Timestamp) -> String {
        guard let time else { return "<unknown>" }
        // Go's Duration.Seconds() truncates toward zero.
        return humanDuration(seconds: (reference.nanoseconds - time.nanoseconds) / 1_000_000_000)
    }

    /// The AGE of an object (its `metadata.creationTimestamp`) at `reference`.
    public static func age(of object: JSONValue, at reference: Timestamp) -> String {
        since(object["metadata"]?["creationTimestamp"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }, at: reference)
    }
}
