/// kubectl 1.32's HorizontalPodAutoscaler columns (`printHorizontalPodAutoscaler`): REFERENCE,
/// TARGETS (`formatHPAMetrics`), MINPODS, MAXPODS, REPLICAS, AGE. `autoscaling/v2` metrics are
/// read as the API holds them; an `autoscaling/v1` object's CPU target is its one metric.
enum AutoscalerColumns {
    static func cells(_ o: JSONValue, name: String, age: String) -> ([String], [String]) {
        let spec = o["spec"]
        let status = o["status"]
        let target = spec?["scaleTargetRef"]
        let reference = (target?["kind"]?.stringValue ?? "") + "/" + (target?["name"]?.stringValue ?? "")
        let minPods = spec?["minReplicas"]?.intValue.map(String.init) ?? "<unset>"
        return (
            [
                name, reference, targets(o), minPods, String(spec?["maxReplicas"]?.intValue ?? 0),
                String(status?["currentReplicas"]?.intValue ?? 0), age,
            ], []
        )
    }

    /// `formatHPAMetrics`: each metric as `current/target`, the status metric at the same
    /// position giving the current value; at most two, then ` + N more...`; `<none>` without any.
    static func targets(_ o: JSONValue) -> String {
        var specs = o["spec"]?["metrics"]?.arrayValue ?? []
        var statuses = o["status"]?["currentMetrics"]?.arrayValue ?? []
        if (o["apiVersion"]?.stringValue ?? "") == "autoscaling/v1" {
            specs = []
            statuses = []
            if let cpu = o["spec"]?["targetCPUUtilizationPercentage"], cpu.intValue != nil {
                specs = [
                    .object(
                        JSONObject([
                            ("type", .string("Resource")),
                            (
                                "resource",
                                .object(
                                    JSONObject([
                                        ("name", .string("cpu")),
                                        ("target", .object(JSONObject([("averageUtilization", cpu)]))),
                                    ]))
                            ),
                        ]))
                ]
                if let current = o["status"]?["currentCPUUtilizationPercentage"], current.intValue != nil {
                    statuses = [
                        .object(
                            JSONObject([
                                (
                                    "resource",
                                    .object(
                                        JSONObject([
                                            ("current", .object(JSONObject([("averageUtilization", current)])))
                                        ]))
                                )
                            ]))
                    ]
                }
            }
        }
        guard !specs.isEmpty else { return "<none>" }
        var list: [String] = []
        for (i, spec) in specs.enumerated() {
            let status = i < statuses.count ? statuses[i] : nil
            list.append(metric(spec, status))
        }
        let maximum = 2
        guard list.count > maximum else { return list.joined(separator: ", ") }
        return list.prefix(maximum).joined(separator: ", ") + " + \(list.count - maximum) more..."
    }

    /// One metric: External and Object targets by value or average (`(avg)`), Pods by average,
    /// Resource and ContainerResource as `NAME: current/target` with `%` for utilizations.
    static func metric(_ spec: JSONValue, _ status: JSONValue?) -> String {
        let unknown = "<unknown>"
        switch spec["type"]?.stringValue ?? "" {
        case "External", "Object":
            let key = spec["type"]?.stringValue == "External" ? "external" : "object"
            let target = spec[key]?["target"]
            let current = status?[key]?["current"]
            if let average = present(target?["averageValue"]) {
                return "\(present(current?["averageValue"]).map(quantity) ?? unknown)/\(quantity(average)) (avg)"
            }
            let now = status?[key].flatMap { $0.objectValue == nil ? nil : quantity(current?["value"]) }
            return "\(now ?? unknown)/\(quantity(target?["value"]))"
        case "Pods":
            let now = status?["pods"].flatMap { $0.objectValue == nil ? nil : quantity($0["current"]?["averageValue"]) }
            return "\(now ?? unknown)/\(quantity(spec["pods"]?["target"]?["averageValue"]))"
        case "Resource", "ContainerResource":
            let key = spec["type"]?.stringValue == "Resource" ? "resource" : "containerResource"
            let name = spec[key]?["name"]?.stringValue ?? ""
            let target = spec[key]?["target"]
            let current = status?[key].flatMap { $0.objectValue == nil ? nil : $0 }?["current"]
            if let average = present(target?["averageValue"]) {
                let now = status?[key].flatMap { $0.objectValue == nil ? nil : quantity(current?["averageValue"]) }
                return "\(name): \(now ?? unknown)/\(quantity(average))"
            }
            let now = current?["averageUtilization"]?.intValue.map { "\($0)%" } ?? unknown
            let goal = target?["averageUtilization"]?.intValue.map { "\($0)%" } ?? "<auto>"
            return "\(name): \(now)/\(goal)"
        default:
            return "<unknown type>"
        }
    }

    static func present(_ v: JSONValue?) -> JSONValue? { v.flatMap { $0.isNull ? nil : $0 } }

    /// A `resource.Quantity` as the API writes it (its canonical text); `<nil>` when absent, as Go
    /// prints a nil quantity.
    static func quantity(_ v: JSONValue?) -> String {
        switch v {
        case .string(let s)?: s
        case .number(let n)?: n
        default: "<nil>"
        }
    }
}
