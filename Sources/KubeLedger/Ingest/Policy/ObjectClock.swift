public import Ledger

/// Finds when an object last changed, from the times it carries.
///
/// Rule: the latest RFC 3339 string found anywhere in the object under one of ``timeKeys``
/// (`creationTimestamp`, `deletionTimestamp`, `managedFields[].time`, condition
/// `lastTransitionTime`/`lastUpdateTime`/`lastProbeTime`/`lastHeartbeatTime`, pod `startTime`,
/// container `startedAt`/`finishedAt`, job `completionTime`, cron `lastScheduleTime`,
/// `lastSuccessfulTime`). Kubernetes writes these in whole seconds, so the result is a lower
/// bound of the change time, to the second.
public enum ObjectClock {
    /// The member names whose string values are read as times.
    public static let timeKeys: Set<String> = [
        "creationTimestamp", "deletionTimestamp", "time", "lastTransitionTime", "lastUpdateTime", "lastProbeTime",
        "lastHeartbeatTime", "startTime", "startedAt", "finishedAt", "completionTime", "lastScheduleTime",
        "lastSuccessfulTime",
    ]

    /// The latest time in the JSON object `bytes`, or `nil` when it has none (or is not JSON).
    public static func latestTime(in bytes: UnsafeRawBufferPointer) -> Timestamp? {
        var reader = JSONReader(bytes: bytes)
        return latestTime(&reader)
    }

    /// The latest time in the JSON object `bytes`, or `nil` when it has none (or is not JSON).
    public static func latestTime(in bytes: [UInt8]) -> Timestamp? {
        bytes.withUnsafeBytes { latestTime(in: $0) }
    }

    static func latestTime(_ reader: inout JSONReader) -> Timestamp? {
        var latest: Timestamp?
        func walk(_ r: inout JSONReader) throws(JSONSyntaxError) {
            r.skipWhitespace()
            switch r.peek {
            case UInt8(ascii: "{"):
                try r.readObject { (r: inout JSONReader, key: String) throws(JSONSyntaxError) in
                    r.skipWhitespace()
                    if timeKeys.contains(key), r.peek == UInt8(ascii: "\"") {
                        if let t = Timestamp(rfc3339: try r.readString()), latest.map({ t > $0 }) ?? true { latest = t }
                    } else {
                        try walk(&r)
                    }
                }
            case UInt8(ascii: "["):
                try r.readArray { (r: inout JSONReader) throws(JSONSyntaxError) in try walk(&r) }
            default:
                try r.skipValue()
            }
        }
        do throws(JSONSyntaxError) { try walk(&reader) } catch { return nil }
        return latest
    }
}
