import Ledger

/// kubectl 1.32's Event columns (`printEvent`): LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, and
/// with `-o wide` SUBOBJECT and SOURCE before MESSAGE, FIRST SEEN, COUNT and NAME after it.
/// Core `v1` Events and `events.k8s.io/v1` Events (whose fields have other names) print alike.
enum EventColumns {
    /// The cells in kubectl's order: standard ones, then the wide ones (``GetView`` places them).
    static func cells(_ o: JSONValue, name: String, at ref: Timestamp) -> ([String], [String]) {
        let modern = (o["apiVersion"]?.stringValue ?? "").hasPrefix("events.k8s.io/")
        func field(_ core: String, _ events: String) -> JSONValue? {
            let v = o[modern ? events : core]
            return v?.isNull == true ? nil : v
        }
        let firstTime = BatchColumns.time(field("firstTimestamp", "deprecatedFirstTimestamp"))
        let eventTime = BatchColumns.time(o["eventTime"])
        // translateTimestampSince, else the event time (translateMicroTimestampSince).
        let first = KubectlAge.since(firstTime ?? eventTime, at: ref)
        var last =
            BatchColumns.time(field("lastTimestamp", "deprecatedLastTimestamp")).map {
                KubectlAge.since($0, at: ref)
            } ?? first
        var count = field("count", "deprecatedCount")?.intValue ?? 0
        if let series = o["series"], series.objectValue != nil {
            last = KubectlAge.since(BatchColumns.time(series["lastObservedTime"]), at: ref)
            count = series["count"]?.intValue ?? 0
        } else if count == 0 {
            count = 1
        }
        let involved = field("involvedObject", "regarding")
        let kind = (involved?["kind"]?.stringValue ?? "").lowercased()
        let object = involved?["name"]?.stringValue.flatMap { $0.isEmpty ? nil : kind + "/" + $0 } ?? kind
        let source = field("source", "deprecatedSource")
        let controller = o[modern ? "reportingController" : "reportingComponent"]?.stringValue ?? ""
        let component = nonEmpty(source?["component"]?.stringValue) ?? controller
        let instance = nonEmpty(source?["host"]?.stringValue) ?? (o["reportingInstance"]?.stringValue ?? "")
        let message = (field("message", "note")?.stringValue ?? "").trimmingWhitespace
        return (
            [last, o["type"]?.stringValue ?? "", o["reason"]?.stringValue ?? "", object, message],
            [
                involved?["fieldPath"]?.stringValue ?? "", instance.isEmpty ? component : component + ", " + instance,
                first, String(count), name,
            ]
        )
    }

    static func nonEmpty(_ s: String?) -> String? { (s ?? "").isEmpty ? nil : s }
}

extension String {
    /// Go's `strings.TrimSpace`: without leading and trailing Unicode white space.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
