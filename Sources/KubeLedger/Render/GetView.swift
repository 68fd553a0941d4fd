public import Ledger

/// `kubectl get` tables for objects as they were at some revision, with kubectl 1.32's columns for
/// Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions, Jobs, CronJobs,
/// Services, Endpoints, Ingresses, ConfigMaps, Secrets, Namespaces, Nodes, Events,
/// HorizontalPodAutoscalers, PersistentVolumeClaims, PersistentVolumes, StorageClasses,
/// ServiceAccounts, Roles, RoleBindings, ClusterRoles and ClusterRoleBindings, and `NAME AGE` for
/// any other kind.
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

    /// The table for `objects` of `kind`, in the API server's order (the bytes of `namespace/name`),
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
        // The API server's order: the bytes of `namespace/name` (etcd's keys), so `ns-a/x` comes
        // before `ns/x` ('-' < '/'). The keys once per object, not once per comparison.
        let keyed = objects.indices.map { i in
            let metadata = objects[i]["metadata"]
            let namespace = metadata?["namespace"]?.stringValue ?? ""
            let name = metadata?["name"]?.stringValue ?? ""
            return (key: Array((namespace.isEmpty ? name : namespace + "/" + name).utf8), index: i)
        }
        let sorted =
            options.keepOrder
            ? keyed : keyed.sorted { $0.key == $1.key ? $0.index < $1.index : $0.key.lexicographicallyPrecedes($1.key) }
        var h = options.wide ? ordered(kind, header + wideHeader) : header
        let nameColumn = h.firstIndex(of: "NAME")
        var rows: [[String]] = []
        for k in sorted {
            let o = objects[k.index]
            let (standard, wideCells) = row(kind: kind, o, reference, body: bodies?[k.index])
            var cells = (options.wide ? ordered(kind, standard + wideCells) : standard).map(printed)
            if let n = nameColumn, n < cells.count { cells[n] = options.namePrefix + cells[n] }
            let labels = o["metadata"]?["labels"]?.objectValue
            for key in options.labelColumns { cells.append(labels?[key]?.stringValue ?? "") }
            if options.showLabels { cells.append(labelString(o["metadata"]?["labels"])) }
            if options.allNamespaces { cells.insert(o["metadata"]?["namespace"]?.stringValue ?? "", at: 0) }
            rows.append(cells)
        }
        h += options.labelColumns.map { $0.split(separator: "/").last.map { $0.uppercased() } ?? "" }
        if options.showLabels { h.append("LABELS") }
        return finished(header: h, rows: rows, options: options)
    }

    /// The Pod table of `rows` (``PodRow``, as the pod-rows cache keeps them): the same text as
    /// ``table(kind:objects:bodies:at:options:)`` for the pods they were computed from, without
    /// reading or parsing any object. Label columns need the objects: `options.showLabels` and
    /// `options.labelColumns` are not available here (the caller uses the other table).
    public static func podTable(_ rows: [PodRow], at reference: Timestamp, options: Options = Options()) -> String {
        precondition(!options.showLabels && options.labelColumns.isEmpty, "labels need the objects")
        let order: [Int]
        if options.keepOrder {
            order = Array(rows.indices)
        } else {
            // The API server's order, as in table(kind:objects:…): the bytes of `namespace/name`.
            let keys = rows.map { r in Array((r.namespace.isEmpty ? r.name : r.namespace + "/" + r.name).utf8) }
            order = rows.indices.sorted { a, b in
                keys[a] == keys[b] ? a < b : keys[a].lexicographicallyPrecedes(keys[b])
            }
        }
        let (header, wideHeader) = headers("Pod")
        // The cells of a long table on up to four threads (ages and restarts are formatted per row).
        let cellRows =
            (try? ParallelChunks.map(order, minimumPerThread: 4_096) { chunk in
                chunk.map { i -> [String] in
                    let (standard, wideCells) = rows[i].cells(at: reference)
                    var cells: [String] = []
                    cells.reserveCapacity(standard.count + wideCells.count + 1)
                    if options.allNamespaces { cells.append(rows[i].namespace) }
                    cells.append(options.namePrefix + printed(standard[0]))
                    cells += standard.dropFirst().map(printed)
                    if options.wide { cells += wideCells.map(printed) }
                    return cells
                }
            }.flatMap { $0 }) ?? []
        return finished(header: options.wide ? header + wideHeader : header, rows: cellRows, options: options)
    }

    /// The table text of `rows` under `header`, with the NAMESPACE column first for `-A` and no
    /// header line for `--no-headers`.
    private static func finished(header: [String], rows: [[String]], options: Options) -> String {
        var h = header
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

    /// Where `-o wide` puts each column when the wide ones are not simply last (kubectl's column
    /// order for Events): indexes into the standard cells followed by the wide ones.
    static func wideOrder(_ kind: String) -> [Int]? {
        kind == "Event" ? [0, 1, 2, 3, 5, 6, 4, 7, 8, 9] : nil
    }

    /// `all` (standard then wide) in the order kubectl shows them with `-o wide`.
    static func ordered<T>(_ kind: String, _ all: [T]) -> [T] {
        guard let order = wideOrder(kind), order.count == all.count else { return all }
        return order.map { all[$0] }
    }

    /// A cell as kubectl's table printer writes it: cut at the first line break (`\n`, `\r`,
    /// `\f`) with `...` after it, and the terminal escape character shown as `^[`.
    static func printed(_ cell: String) -> String {
        // Most cells have none of those characters: returned as they are.
        if !cell.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x0C || $0 == 0x1B }) { return cell }
        var text = Substring(cell)
        var cut = false
        if let i = text.unicodeScalars.firstIndex(where: { $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }) {
            text = text[..<i]
            cut = true
        }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\u{1B}" { out += "^[" } else { out.unicodeScalars.append(scalar) }
        }
        if cut { out += "..." }
        return out
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
        case "Endpoints": (["NAME", "ENDPOINTS", "AGE"], [])
        case "Ingress": (["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], [])
        case "Job": (["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"])
        case "CronJob":
            (
                ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
                ["CONTAINERS", "IMAGES", "SELECTOR"]
            )
        case "Event":
            (
                ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
                ["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"]
            )
        case "HorizontalPodAutoscaler": (["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"], [])
        case "StorageClass":
            (["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], [])
        case "RoleBinding", "ClusterRoleBinding": (["NAME", "ROLE", "AGE"], ["USERS", "GROUPS", "SERVICEACCOUNTS"])
        case "Role", "ClusterRole": (["NAME", "CREATED AT"], [])
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
            // One definition of the Pod cells, shared with the rows kept in the pod-rows cache.
            let summary = body.map { PodSummary(json: $0) } ?? PodSummary(o)
            return PodRow(metadata: o["metadata"], summary: summary).cells(at: ref)
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
            // The API server's internal Secret holds stringData merged into data.
            let keys = (o["data"]?.objectValue?.members ?? []) + (o["stringData"]?.objectValue?.members ?? [])
            let count = Set(keys.map(\.key)).count
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
        case "Endpoints": return NetworkColumns.endpoints(o, name: name, age: age)
        case "Ingress": return NetworkColumns.ingress(o, name: name, age: age)
        case "Job": return BatchColumns.job(o, name: name, age: age, at: ref)
        case "CronJob": return BatchColumns.cronJob(o, name: name, age: age, at: ref)
        case "Event": return EventColumns.cells(o, name: name, at: ref)
        case "HorizontalPodAutoscaler": return AutoscalerColumns.cells(o, name: name, age: age)
        case "StorageClass": return StorageClassColumns.cells(o, name: name, age: age)
        case "RoleBinding", "ClusterRoleBinding": return RBACColumns.binding(o, name: name, age: age)
        case "Role", "ClusterRole": return RBACColumns.role(o, name: name)
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

    /// kubectl's columns for `kind` in the order of its server-side `Table`, each with its
    /// priority (0: always shown; 1: with `-o wide` only). For most kinds the wide ones are last;
    /// Events interleave them.
    public static func columnDefinitions(of kind: String) -> [(name: String, priority: Int)] {
        let (h, w) = headers(kind)
        return ordered(kind, h.map { ($0, 0) } + w.map { ($0, 1) })
    }

    /// One object's cells in the order of ``columnDefinitions(of:)``, with ages as of `reference`.
    ///
    /// - Parameter body: the object's JSON bytes (Pod cells are picked from them).
    public static func tableCells(
        kind: String, object: JSONValue, at reference: Timestamp, body: [UInt8]? = nil
    )
        -> [String]
    {
        let (c, w) = row(kind: kind, object, reference, body: body)
        return ordered(kind, c + w)
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
