public import Ledger

/// `kubectl get` tables for objects as they were at some revision, with kubectl's columns for
/// Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, PersistentVolumeClaims,
/// PersistentVolumes and Nodes (kubectl 1.32), and `NAME AGE` for any other kind.
public enum GetView {
    /// Options of `kubectl get`.
    public struct Options: Sendable, Hashable {
        /// `-o wide`.
        public var wide: Bool
        /// `-A`: a NAMESPACE column first.
        public var allNamespaces: Bool
        /// Put before each NAME (`deployment.apps/` when several types are printed).
        public var namePrefix: String = ""
        /// `--no-headers`.
        public var noHeaders = false
        /// Keep the objects' order (`--sort-by`) instead of sorting by namespace and name.
        public var keepOrder = false
        /// `--show-labels`: a LABELS column last.
        public var showLabels = false
        /// `-L KEY`: one column per label key (header: the key's last `/` part, uppercased).
        public var labelColumns: [String] = []

        public init(wide: Bool = false, allNamespaces: Bool = false) {
            self.wide = wide
            self.allNamespaces = allNamespaces
        }
    }

    /// The table for `objects` of `kind`, sorted by namespace and name as the API lists them,
    /// with AGE computed at `reference`. Empty when there are no objects.
    ///
    /// - Parameter bodies: the JSON bytes each object was parsed from, when the caller has them
    ///   (same order and count as `objects`): Pod columns are then picked from the bytes instead of
    ///   from the tree written back to bytes. The table is the same either way.
    public static func table(
        kind: String, objects: [JSONValue], bodies: [[UInt8]]? = nil, at reference: Timestamp,
        options: Options = Options()
    ) -> String {
        let (header, wideHeader) = headers(kind)
        precondition(bodies == nil || bodies?.count == objects.count, "one body per object")
        // The sort keys once per object, not once per comparison (same comparisons, same order).
        let keyed = objects.indices.map { i in
            let metadata = objects[i]["metadata"]
            return (
                namespace: metadata?["namespace"]?.stringValue ?? "", name: metadata?["name"]?.stringValue ?? "",
                index: i
            )
        }
        let sorted = options.keepOrder ? keyed : keyed.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        var rows: [[String]] = []
        for k in sorted {
            let o = objects[k.index]
            var (cells, wideCells) = row(kind: kind, o, reference, body: bodies?[k.index])
            if options.wide { cells += wideCells }
            if !cells.isEmpty { cells[0] = options.namePrefix + cells[0] }
            let labels = o["metadata"]?["labels"]?.objectValue
            for key in options.labelColumns { cells.append(labels?[key]?.stringValue ?? "") }
            if options.showLabels { cells.append(labelString(o["metadata"]?["labels"])) }
            if options.allNamespaces { cells.insert(o["metadata"]?["namespace"]?.stringValue ?? "", at: 0) }
            rows.append(cells)
        }
        var h = header + (options.wide ? wideHeader : [])
        h += options.labelColumns.map { $0.split(separator: "/").last.map { $0.uppercased() } ?? "" }
        if options.showLabels { h.append("LABELS") }
        if options.allNamespaces { h.insert("NAMESPACE", at: 0) }
        if options.noHeaders { return rows.isEmpty ? "" : KubectlTable.layout(rows, minWidth: 6, padding: 3) }
        return KubectlTable.render(header: h, rows: rows)
    }

    /// Whether ``table(kind:objects:bodies:at:options:)`` for `kind`, given the bodies, reads only
    /// `metadata` (except `managedFields`) from the trees: the caller may then build them with
    /// ``JSONReader/parseMetadata(_:maxDepth:)``. True for Pods, whose other columns are picked
    /// from the bytes.
    public static func needsOnlyMetadata(kind: String) -> Bool { kind == "Pod" }

    /// kubectl's message when nothing matched (printed on stderr).
    public static func noResources(namespace: String?) -> String {
        namespace.map { "No resources found in \($0) namespace." } ?? "No resources found"
    }

    static func headers(_ kind: String) -> ([String], [String]) {
        switch kind {
        case "Pod":
            (["NAME", "READY", "STATUS", "RESTARTS", "AGE"], ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"])
        case "Deployment": (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"])
        case "ReplicaSet": (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"])
        case "StatefulSet": (["NAME", "READY", "AGE"], ["CONTAINERS", "IMAGES"])
        case "DaemonSet":
            (
                ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
                ["CONTAINERS", "IMAGES", "SELECTOR"]
            )
        case "PersistentVolumeClaim":
            (
                [
                    "NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS",
                    "AGE",
                ], ["VOLUMEMODE"]
            )
        case "PersistentVolume":
            (
                [
                    "NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS",
                    "VOLUMEATTRIBUTESCLASS", "REASON", "AGE",
                ],
                ["VOLUMEMODE"]
            )
        case "Node":
            (
                ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
                ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]
            )
        case "Service": (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], ["SELECTOR"])
        case "ConfigMap": (["NAME", "DATA", "AGE"], [])
        case "Secret": (["NAME", "TYPE", "DATA", "AGE"], [])
        case "ControllerRevision": (["NAME", "CONTROLLER", "REVISION", "AGE"], [])
        case "Namespace": (["NAME", "STATUS", "AGE"], [])
        case "ServiceAccount": (["NAME", "SECRETS", "AGE"], [])
        default: (["NAME", "AGE"], [])
        }
    }

    static func row(kind: String, _ o: JSONValue, _ ref: Timestamp, body: [UInt8]? = nil) -> ([String], [String]) {
        let name = o["metadata"]?["name"]?.stringValue ?? ""
        let age = KubectlAge.age(of: o, at: ref)
        let spec = o["spec"]
        let status = o["status"]
        func int(_ v: JSONValue?) -> Int { v?.intValue ?? 0 }
        switch kind {
        case "Pod":
            guard let s = body.map({ PodSummary(json: $0) }) ?? PodSummary(o) else {
                return ([name, "0/0", "", "0", age], ["<none>", "<none>", "<none>", "<none>"])
            }
            let p = s.printed
            var restarts = "\(p.restarts)"
            if p.restarts != 0, let last = p.lastRestart { restarts += " (\(KubectlAge.since(last, at: ref)) ago)" }
            return (
                [name, p.ready, p.status, restarts, age],
                [
                    s.podIP.nilIfEmpty ?? "<none>", s.nodeName.nilIfEmpty ?? "<none>",
                    s.nominatedNodeName.nilIfEmpty ?? "<none>", p.readinessGates,
                ]
            )
        case "Deployment":
            let (c, i) = containerCells(spec?["template"])
            return (
                [
                    name, "\(int(status?["readyReplicas"]))/\(spec?["replicas"]?.intValue ?? 1)",
                    "\(int(status?["updatedReplicas"]))",
                    "\(int(status?["availableReplicas"]))", age,
                ],
                [c, i, selector(spec?["selector"])]
            )
        case "ReplicaSet":
            let (c, i) = containerCells(spec?["template"])
            return (
                [
                    name, "\(spec?["replicas"]?.intValue ?? 1)", "\(int(status?["replicas"]))",
                    "\(int(status?["readyReplicas"]))", age,
                ],
                [c, i, selector(spec?["selector"])]
            )
        case "StatefulSet":
            let (c, i) = containerCells(spec?["template"])
            return ([name, "\(int(status?["readyReplicas"]))/\(spec?["replicas"]?.intValue ?? 1)", age], [c, i])
        case "DaemonSet":
            let (c, i) = containerCells(spec?["template"])
            let ns = labelString(spec?["template"]?["spec"]?["nodeSelector"])
            return (
                [
                    name, "\(int(status?["desiredNumberScheduled"]))", "\(int(status?["currentNumberScheduled"]))",
                    "\(int(status?["numberReady"]))",
                    "\(int(status?["updatedNumberScheduled"]))", "\(int(status?["numberAvailable"]))", ns, age,
                ],
                [c, i, selector(spec?["selector"])]
            )
        case "PersistentVolumeClaim":
            var phase = status?["phase"]?.stringValue ?? ""
            if o["metadata"]?["deletionTimestamp"] != nil && o["metadata"]?["deletionTimestamp"]?.isNull == false {
                phase = "Terminating"
            }
            let volumeName = spec?["volumeName"]?.stringValue ?? ""
            var capacity = ""
            var modes = ""
            if !volumeName.isEmpty {
                modes = accessModes(status?["accessModes"])
                capacity = status?["capacity"]?["storage"].flatMap(quantityText) ?? ""
            }
            let sc =
                spec?["storageClassName"]?.stringValue
                ?? o["metadata"]?["annotations"]?["volume.beta.kubernetes.io/storage-class"]?.stringValue ?? ""
            return (
                [
                    name, phase, volumeName, capacity, modes, sc,
                    spec?["volumeAttributesClassName"]?.stringValue ?? "<unset>", age,
                ],
                [spec?["volumeMode"]?.stringValue ?? "<unset>"]
            )
        case "PersistentVolume":
            var claim = ""
            if let ref = spec?["claimRef"], ref.objectValue != nil {
                claim = (ref["namespace"]?.stringValue ?? "") + "/" + (ref["name"]?.stringValue ?? "")
            }
            var phase = status?["phase"]?.stringValue ?? ""
            if o["metadata"]?["deletionTimestamp"] != nil && o["metadata"]?["deletionTimestamp"]?.isNull == false {
                phase = "Terminating"
            }
            let sc =
                spec?["storageClassName"]?.stringValue
                ?? o["metadata"]?["annotations"]?["volume.beta.kubernetes.io/storage-class"]?.stringValue ?? ""
            return (
                [
                    name, spec?["capacity"]?["storage"].flatMap(quantityText) ?? "", accessModes(spec?["accessModes"]),
                    spec?["persistentVolumeReclaimPolicy"]?.stringValue ?? "", phase, claim, sc,
                    spec?["volumeAttributesClassName"]?.stringValue ?? "<unset>", status?["reason"]?.stringValue ?? "",
                    age,
                ],
                [spec?["volumeMode"]?.stringValue ?? "<unset>"]
            )
        case "Node":
            var st: [String] = []
            if let ready = status?["conditions"]?.arrayValue?.last(where: { $0["type"]?.stringValue == "Ready" }) {
                st.append(ready["status"]?.stringValue == "True" ? "Ready" : "NotReady")
            }
            if st.isEmpty { st.append("Unknown") }
            if spec?["unschedulable"]?.boolValue == true { st.append("SchedulingDisabled") }
            var roles = Set<String>()
            for (k, v) in o["metadata"]?["labels"]?.objectValue?.members ?? [] {
                if k.hasPrefix("node-role.kubernetes.io/") {
                    let r = String(k.dropFirst("node-role.kubernetes.io/".count))
                    if !r.isEmpty { roles.insert(r) }
                } else if k == "kubernetes.io/role", let v = v.stringValue, !v.isEmpty {
                    roles.insert(v)
                }
            }
            let info = status?["nodeInfo"]
            func address(_ type: String) -> String {
                status?["addresses"]?.arrayValue?.first { $0["type"]?.stringValue == type }?["address"]?.stringValue
                    ?? "<none>"
            }
            func orUnknown(_ s: String?) -> String { (s ?? "").isEmpty ? "<unknown>" : s! }
            return (
                [
                    name, st.joined(separator: ","), roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ","),
                    age,
                    info?["kubeletVersion"]?.stringValue ?? "",
                ],
                [
                    address("InternalIP"), address("ExternalIP"), orUnknown(info?["osImage"]?.stringValue),
                    orUnknown(info?["kernelVersion"]?.stringValue),
                    orUnknown(info?["containerRuntimeVersion"]?.stringValue),
                ]
            )
        case "Service":
            return ServiceColumns.cells(o, name: name, age: age)
        case "ConfigMap":
            let count = (o["data"]?.objectValue?.count ?? 0) + (o["binaryData"]?.objectValue?.count ?? 0)
            return ([name, String(count), age], [])
        case "Secret":
            let count = (o["data"]?.objectValue?.count ?? 0)
            return ([name, o["type"]?.stringValue ?? "", String(count), age], [])
        case "ControllerRevision":
            var controller = "<none>"
            if let owner = o["metadata"]?["ownerReferences"]?.arrayValue?.first(where: {
                $0["controller"] == .bool(true)
            }),
                let kind = owner["kind"]?.stringValue, let ownerName = owner["name"]?.stringValue
            {
                let group = (owner["apiVersion"]?.stringValue ?? "").split(separator: "/").dropLast().first.map(
                    String.init)
                controller = kind.lowercased() + (group.map { "." + $0 } ?? "") + "/" + ownerName
            }
            return ([name, controller, String(int(o["revision"])), age], [])
        case "Namespace":
            return ([name, status?["phase"]?.stringValue ?? "", age], [])
        case "ServiceAccount":
            return ([name, String(o["secrets"]?.arrayValue?.count ?? 0), age], [])
        default:
            return ([name, age], [])
        }
    }

    static func quantityText(_ v: JSONValue) -> String? { v.stringValue ?? (v.intValue.map(String.init)) }

    /// `helper.GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that order, once each.
    static func accessModes(_ v: JSONValue?) -> String {
        let modes = Set((v?.arrayValue ?? []).compactMap(\.stringValue))
        return [
            ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"),
        ]
        .filter { modes.contains($0.0) }.map(\.1).joined(separator: ",")
    }

    /// CONTAINERS and IMAGES cells (`layoutContainerCells`).
    static func containerCells(_ template: JSONValue?) -> (String, String) {
        let cs = template?["spec"]?["containers"]?.arrayValue ?? []
        return (
            cs.compactMap { $0["name"]?.stringValue }.joined(separator: ","),
            cs.compactMap { $0["image"]?.stringValue }.joined(separator: ",")
        )
    }

    /// `labels.FormatLabels`: sorted `k=v` joined by `,`, or `<none>`.
    static func labelString(_ v: JSONValue?) -> String {
        let members = (v?.objectValue?.members ?? []).compactMap { m in m.value.stringValue.map { (m.key, $0) } }
        if members.isEmpty { return "<none>" }
        return members.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }

    /// A label selector's string form (`metav1.LabelSelectorAsSelector(...).String()`).
    static func selector(_ v: JSONValue?) -> String {
        guard let v, v.objectValue != nil else { return "<none>" }
        var parts: [(String, String)] = []
        for (k, val) in v["matchLabels"]?.objectValue?.members ?? [] {
            parts.append((k, "\(k)=\(val.stringValue ?? "")"))
        }
        for e in v["matchExpressions"]?.arrayValue ?? [] {
            let k = e["key"]?.stringValue ?? ""
            let values = (e["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted().joined(separator: ",")
            switch e["operator"]?.stringValue ?? "" {
            case "In": parts.append((k, "\(k) in (\(values))"))
            case "NotIn": parts.append((k, "\(k) notin (\(values))"))
            case "Exists": parts.append((k, k))
            case "DoesNotExist": parts.append((k, "!\(k)"))
            default: break
            }
        }
        if parts.isEmpty { return "<none>" }
        return parts.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: ",")
    }
}

extension GetView {
    /// kubectl's columns for `kind`: those `kubectl get` prints, and those `-o wide` adds. One
    /// definition per kind, shared by the CLI's table and the server's `Table`.
    public static func columns(of kind: String) -> (standard: [String], wide: [String]) {
        let (h, w) = headers(kind)
        return (h, w)
    }

    /// One object's cells, in the order of ``columns(of:)``, with AGE as of `reference`.
    ///
    /// - Parameter body: the object's JSON bytes (Pod cells are picked from them).
    public static func cells(
        kind: String, object: JSONValue, at reference: Timestamp, body: [UInt8]? = nil
    )
        -> (standard: [String], wide: [String])
    {
        let (c, w) = row(kind: kind, object, reference, body: body)
        return (c, w)
    }
}
