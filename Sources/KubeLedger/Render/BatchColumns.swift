import Ledger

/// kubectl 1.32's Job and CronJob columns (`printJob`, `printCronJob` in
/// `pkg/printers/internalversion/printers.go`), with durations and ages as of a reference time.
enum BatchColumns {
    /// STATUS, COMPLETIONS, DURATION, AGE; `-o wide`: CONTAINERS, IMAGES, SELECTOR.
    static func job(_ o: JSONValue, name: String, age: String, at ref: Timestamp) -> ([String], [String]) {
        let spec = o["spec"]
        let status = o["status"]
        let succeeded = status?["succeeded"]?.intValue ?? 0
        let completions: String
        if let wanted = spec?["completions"]?.intValue {
            completions = "\(succeeded)/\(wanted)"
        } else if let parallelism = spec?["parallelism"]?.intValue, parallelism > 1 {
            completions = "\(succeeded)/1 of \(parallelism)"
        } else {
            completions = "\(succeeded)/1"
        }
        var duration = ""
        if let start = time(status?["startTime"]) {
            let end = time(status?["completionTime"]) ?? ref
            duration = KubectlAge.since(start, at: end)
        }
        let conditions = status?["conditions"]?.arrayValue ?? []
        /// `hasJobCondition`: the first condition of that type, and whether it is True.
        func has(_ type: String) -> Bool {
            conditions.first { $0["type"]?.stringValue == type }?["status"]?.stringValue == "True"
        }
        let deleting = o["metadata"]?["deletionTimestamp"].map { !$0.isNull } ?? false
        let state: String
        if has("Complete") {
            state = "Complete"
        } else if has("Failed") {
            state = "Failed"
        } else if deleting {
            state = "Terminating"
        } else if has("Suspended") {
            state = "Suspended"
        } else if has("FailureTarget") {
            state = "FailureTarget"
        } else {
            state = "Running"
        }
        let (c, i) = GetView.containerCells(spec?["template"])
        return ([name, state, completions, duration, age], [c, i, GetView.selector(spec?["selector"])])
    }

    /// SCHEDULE, TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE, AGE; `-o wide`: CONTAINERS, IMAGES,
    /// SELECTOR (of the job template).
    static func cronJob(_ o: JSONValue, name: String, age: String, at ref: Timestamp) -> ([String], [String]) {
        let spec = o["spec"]
        let status = o["status"]
        let suspend: String =
            switch spec?["suspend"]?.boolValue {
            case true?: "True"
            case false?: "False"
            case nil: "<unset>"
            }
        let last = status?["lastScheduleTime"].flatMap { $0.isNull ? nil : $0 }
        let lastSchedule = last.map { KubectlAge.since(time($0), at: ref) } ?? "<none>"
        let jobSpec = spec?["jobTemplate"]?["spec"]
        let (c, i) = GetView.containerCells(jobSpec?["template"])
        return (
            [
                name, spec?["schedule"]?.stringValue ?? "", spec?["timeZone"]?.stringValue ?? "<none>", suspend,
                String(status?["active"]?.arrayValue?.count ?? 0), lastSchedule, age,
            ],
            [c, i, GetView.selector(jobSpec?["selector"])]
        )
    }

    /// A `metav1.Time` field, nil when absent, null or unreadable.
    static func time(_ v: JSONValue?) -> Timestamp? {
        v?.stringValue.flatMap { Timestamp(rfc3339: $0) }
    }
}
