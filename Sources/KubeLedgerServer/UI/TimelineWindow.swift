import KubeLedger
import Ledger

/// One window of the timeline page: every workload, pod, claim, volume and node that existed in
/// `[from, to]`, each as spans of one state (a pod's phase, a claim's phase, a node's readiness)
/// instead of events, with rollout markers on workloads. Built from ``History`` only: the objects
/// live at the window's start (`History.objects` at the start's point) folded forward with the
/// events that occurred in the window (`History.events` by time), in position order: the two
/// clocks of docs/cli.md, so events recorded late show where they occurred.
struct TimelineWindow {
    /// What the page asked for.
    struct Request {
        var from: Timestamp
        var to: Timestamp
        /// Exact namespace, or nil for all.
        var namespace: String?
        /// Exact kind, or nil for all the timeline shows.
        var kind: String?
        /// Substring of the name (or of a pod's workload name); `/re/` for a regular expression.
        var name: String?
        /// Substring of an actor who changed the object in the window.
        var actor: String?
        /// At most this many pod rows (the rest are counted in `truncated`).
        var maxPods = 4000
        /// Whether to fold rollouts for workload markers and pods' revisions (about half of a
        /// window's cost): the page asks first without, to paint the rows sooner.
        var markers = true
    }

    /// The kinds on the timeline, with their API groups.
    static let kinds: [(kind: String, group: String)] = [
        ("Deployment", "apps"), ("StatefulSet", "apps"), ("DaemonSet", "apps"), ("Pod", ""),
        ("PersistentVolumeClaim", ""), ("PersistentVolume", ""), ("Node", ""),
    ]

    /// One row under construction.
    struct Row {
        var key: ObjectKey
        var uid = ""
        var owner: String?
        var hash: String?
        var node: String?
        /// [begin, end (nil: open), state, restarts, terminating].
        var spans: [(begin: Int64, end: Int64?, state: String, restarts: Int, terminating: Bool)] = []
        var restartMarks: [Int64] = []
        var deleted: Int64?
        var actors: Set<String> = []
        /// A workload's `spec.template` as last seen, and whether it changed (or the workload
        /// appeared) in the window: only then can a rollout marker fall in it.
        var template: [UInt8]?
        var templateChanged = false
    }

    let history: History
    let request: Request

    /// The most JSON one window may take: pod rows are halved until it fits.
    static let maxBytes = 1_000_000

    /// The window as the page's JSON (see docs/api.md), at most ``maxBytes``: when the rows do not
    /// fit, fewer pod rows are sent (the rest counted in `truncated`).
    func bytes() throws -> [UInt8] {
        let (rows, namespaces, end) = try fold()
        let rollouts = rollouts(rows: rows, end: end)
        var limit = request.maxPods
        while true {
            let json = render(rows: rows, namespaces: namespaces, end: end, rollouts: rollouts, maxPods: limit)
            let out = JSONWriter().bytes(json)
            if out.count <= Self.maxBytes || limit == 0 { return out }
            limit /= 2
        }
    }

    /// The rows of the window: the objects live at its start, folded forward through its events.
    func fold() throws -> (rows: [ObjectKey: Row], namespaces: Set<String>, end: HistoryPoint) {
        let start = try history.point(.time(request.from))
        let end = try history.point(.time(request.to))
        let fromMS = request.from.nanoseconds / 1_000_000
        let kinds = Self.kinds.filter { request.kind == nil || $0.kind == request.kind }
        var rows: [ObjectKey: Row] = [:]
        var namespaces: Set<String> = []
        for k in kinds {
            let query = ObjectQuery(kind: k.kind, group: k.group, namespace: request.namespace)
            // Pods: metadata only in the tree; phase, node, owner and restarts come from the bytes
            // (PodSummary, the projections' reader), which is most of the window's cost.
            let workload = Self.workloadKinds.contains(k.kind)
            for o in try history.objects(query, at: start, metadataOnly: k.kind == "Pod" || workload) {
                var row = Row(key: o.key)
                if k.kind == "Pod" {
                    guard let summary = PodSummary(json: o.body) else { continue }
                    apply(summary, at: fromMS, to: &row)
                } else {
                    apply(workload ? Self.workloadValue(o.value, body: o.body) : o.value, at: fromMS, to: &row)
                }
                rows[o.key] = row
                if !o.key.namespace.isEmpty { namespaces.insert(o.key.namespace) }
            }
        }
        // The events that occurred in (from, to], in position order (occurrence time, then
        // revision), whenever they were appended: a backfilled audit log's events land in the
        // window they happened in. Read through the `time` index, not a revision range (after a
        // late event the start's view is the whole log, so no revision range separates them).
        var filter = EventFilter()
        filter.kinds = Set(kinds.map(\.kind))
        filter.namespace = request.namespace
        filter.fromTime = Timestamp(nanoseconds: request.from.nanoseconds + 1)
        filter.toTime = request.to
        filter.toRevision = end.revision
        // Folded as they come (they come in position order): the window's bodies are never held
        // together (a 6 h window of the 1M-event history is ~65,000 events), and each row is
        // changed in place in the dictionary, not copied out and back.
        try history.events(filter) { e in
            let key = e.object.key
            if !key.namespace.isEmpty { namespaces.insert(key.namespace) }
            fold(e, into: &rows[key, default: Row(key: key, templateChanged: true)])
            return true
        }
        return (rows, namespaces, end)
    }

    /// Folds one event of the window into its object's row.
    func fold(_ e: RecordedEvent, into row: inout Row) {
        let t = e.occurredAt.nanoseconds / 1_000_000
        if !e.actor.isEmpty { row.actors.insert(e.actor) }
        if e.verb == .delete {
            if let last = row.spans.indices.last, row.spans[last].end == nil { row.spans[last].end = t }
            row.deleted = t
        } else if let body = e.body {
            if row.deleted != nil && e.object.uid != row.uid { row.deleted = nil }
            if row.key.kind == "Pod" {
                if let summary = PodSummary(json: body) { apply(summary, at: t, to: &row) }
            } else if Self.workloadKinds.contains(row.key.kind) {
                if let metadata = try? JSONReader.parseMetadata(body, maxDepth: 10_000) {
                    apply(Self.workloadValue(metadata, body: body), at: t, to: &row)
                }
            } else if let value = try? JSONReader.parse(body, maxDepth: 10_000) {
                apply(value, at: t, to: &row)
            }
        }
    }

    /// Folds one version of an object into its row at `t` (ms).
    func apply(_ value: JSONValue, at t: Int64, to row: inout Row) {
        let metadata = value["metadata"]
        row.uid = metadata?["uid"]?.stringValue ?? row.uid
        let terminating = metadata?["deletionTimestamp"] != nil
        let state: String
        switch row.key.kind {
        case "PersistentVolumeClaim", "PersistentVolume":
            state = value.value(atPath: "status.phase")?.stringValue ?? "Pending"
            if row.key.kind == "PersistentVolumeClaim" {
                row.node = value.value(atPath: "spec.volumeName")?.stringValue ?? row.node
            } else if let claim = value.value(atPath: "spec.claimRef.name")?.stringValue {
                row.node = (value.value(atPath: "spec.claimRef.namespace")?.stringValue ?? "") + "/" + claim
            }
        case "Node":
            let ready = (value.value(atPath: "status.conditions")?.arrayValue ?? []).first {
                $0["type"]?.stringValue == "Ready"
            }
            state = ready?["status"]?.stringValue == "True" ? "Ready" : "NotReady"
        default:
            state = "Live"
            // metadata.generation when the object has one (it counts spec changes: a template
            // change is one), else the template's bytes.
            let template =
                value.value(atPath: "metadata.generation").map { JSONWriter().bytes($0) }
                ?? JSONWriter().bytes(value.value(atPath: "spec.template") ?? .null)
            if let last = row.template, last != template { row.templateChanged = true }
            row.template = template
        }
        record(state: state, terminating: terminating, restarts: 0, at: t, to: &row)
    }

    static let workloadKinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet"]

    /// A workload version as the fold needs it: its metadata (parsed alone, the cheap path)
    /// when it carries `generation`, else the whole object (to compare templates).
    static func workloadValue(_ metadata: JSONValue, body: [UInt8]) -> JSONValue {
        if metadata.value(atPath: "metadata.generation") != nil { return metadata }
        return (try? JSONReader.parse(body, maxDepth: 10_000)) ?? metadata
    }

    /// Folds one version of a pod into its row at `t` (ms).
    func apply(_ pod: PodSummary, at t: Int64, to row: inout Row) {
        if !pod.uid.isEmpty { row.uid = pod.uid }
        if !pod.nodeName.isEmpty { row.node = pod.nodeName }
        if row.owner == nil { (row.owner, row.hash) = Self.owner(of: pod, namespace: row.key.namespace) }
        let restarts = pod.containerStatuses.reduce(0) { $0 + $1.restartCount }
        record(
            state: pod.phase.isEmpty ? "Pending" : pod.phase, terminating: pod.deletionTimestamp != nil,
            restarts: restarts, at: t, to: &row)
    }

    /// Continues the row's open span when the state is the same, else closes it and opens one.
    func record(state: String, terminating: Bool, restarts: Int, at t: Int64, to row: inout Row) {
        if let last = row.spans.indices.last, row.spans[last].end == nil,
            row.spans[last].state == state, row.spans[last].terminating == terminating
        {
            if restarts > row.spans[last].restarts { row.restartMarks.append(t) }
            row.spans[last].restarts = restarts
            return
        }
        if let last = row.spans.indices.last, row.spans[last].end == nil {
            if restarts > row.spans[last].restarts { row.restartMarks.append(t) }
            row.spans[last].end = t
        }
        row.spans.append((begin: t, end: nil, state: state, restarts: restarts, terminating: terminating))
    }

    /// The workload owning a pod (`Deployment/ns/name` through its ReplicaSet, or the
    /// StatefulSet or DaemonSet) and the template hash naming its revision: a Deployment pod's
    /// `pod-template-hash`; a DaemonSet pod's `controller-revision-hash` (the bare hash); a
    /// StatefulSet pod's `controller-revision-hash` is its ControllerRevision's name,
    /// `<statefulset>-<hash>`, and gives the part after the name (k8s-semantics.md, row 41).
    static func owner(of pod: PodSummary, namespace: String) -> (String?, String?) {
        guard let kind = pod.ownerKind, let name = pod.ownerName else { return (nil, nil) }
        switch kind {
        case "ReplicaSet":
            let hash = pod.labels["pod-template-hash"]
            if let hash, name.hasSuffix("-" + hash) {
                return ("Deployment/\(namespace)/\(name.dropLast(hash.count + 1))", hash)
            }
            return ("ReplicaSet/\(namespace)/\(name)", hash)
        case "StatefulSet":
            let label = pod.labels["controller-revision-hash"]
            let hash = label.map { $0.hasPrefix(name + "-") ? String($0.dropFirst(name.count + 1)) : $0 }
            return ("StatefulSet/\(namespace)/\(name)", hash)
        default:
            return ("\(kind)/\(namespace)/\(name)", pod.labels["controller-revision-hash"])
        }
    }

    /// Whether `text` matches the name filter (substring, or `/regex/`).
    static func matches(_ text: String, _ filter: String) -> Bool {
        if filter.count > 2, filter.hasPrefix("/"), filter.hasSuffix("/"),
            let re = try? Regex(String(filter.dropFirst().dropLast()))
        {
            return (try? re.firstMatch(in: text)) != nil
        }
        return text.contains(filter)
    }
}
