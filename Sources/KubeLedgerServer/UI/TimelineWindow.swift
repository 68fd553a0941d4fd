import KubeLedger
import Ledger

/// One window of the timeline page: every workload, pod, claim, volume and node that existed in
/// `[from, to]`, each as spans of one state (a pod's phase, a claim's phase, a node's readiness)
/// instead of events, with rollout markers on workloads. Built from ``History`` only: the objects
/// live at the window's start (`History.liveEntries` at the start's point) folded forward with the
/// events that occurred in the window (`History.positions`, the `time` index), in position order:
/// the two clocks of docs/cli.md, so events recorded late show where they occurred.
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
    /// What each event does to its row, remembered across windows (the server keeps one).
    let digest: TimelineDigest

    /// The most JSON one window may take: pod rows are halved until it fits.
    static let maxBytes = 1_000_000

    /// The window as the page's JSON (see docs/api.md), at most ``maxBytes``: when the rows do not
    /// fit, fewer pod rows are sent (the rest counted in `truncated`).
    func bytes() throws -> [UInt8] {
        let (rows, namespaces, end) = try fold()
        let rollouts = rollouts(rows: rows, end: end)
        var limit = request.maxPods
        while true {
            let out = render(rows: rows, namespaces: namespaces, end: end, rollouts: rollouts, maxPods: limit)
            if out.count <= Self.maxBytes || limit == 0 { return out }
            limit /= 2
        }
    }

    /// The rows of the window: the objects live at its start, folded forward through its events.
    ///
    /// Each version is read and parsed once per server (``TimelineDigest``): a window whose
    /// events were seen before (an overlapping window, the page's second request, a pan) folds
    /// from memory, and only the time index and the live set at its start are read.
    func fold() throws -> (rows: [ObjectKey: Row], namespaces: Set<String>, end: HistoryPoint) {
        let start = try history.point(.time(request.from))
        let end = try history.point(.time(request.to))
        try digest.validate(history)
        let fromMS = request.from.nanoseconds / 1_000_000
        let kinds = Self.kinds.filter { request.kind == nil || $0.kind == request.kind }
        var rows: [ObjectKey: Row] = [:]
        var namespaces: Set<String> = []
        // One read of the live set at the start (every kind), kept to the timeline's kinds.
        let shown = Set(kinds.map { "\($0.group)/\($0.kind)" })
        let live = try history.liveEntries(namespace: request.namespace, at: start).filter {
            shown.contains($0.key.groupKind)
        }
        for (entry, step) in zip(live, try digest.steps(at: live.map(\.revision), history: history)) {
            guard let state = step?.state else { continue }
            var row = Row(key: entry.key)
            apply(state, at: fromMS, to: &row)
            rows[entry.key] = row
            if !entry.key.namespace.isEmpty { namespaces.insert(entry.key.namespace) }
        }
        // The events that occurred in (from, to], in position order (occurrence time, then
        // revision), whenever they were appended: a backfilled audit log's events land in the
        // window they happened in. Read through the `time` index, not a revision range (after a
        // late event the start's view is the whole log, so no revision range separates them).
        // Folded as they come, each row changed in place in the dictionary.
        let names = Set(kinds.map(\.kind))
        try history.positions(after: request.from, through: request.to, maxRevision: end.revision) { chunk in
            for case let step? in try digest.steps(at: chunk.map(\.revision), history: history) {
                guard names.contains(step.key.kind), request.namespace.map({ $0 == step.key.namespace }) ?? true
                else { continue }
                if !step.key.namespace.isEmpty { namespaces.insert(step.key.namespace) }
                fold(step, into: &rows[step.key, default: Row(key: step.key, templateChanged: true)])
            }
            return true
        }
        return (rows, namespaces, end)
    }

    /// Folds one event of the window into its object's row.
    func fold(_ step: TimelineStep, into row: inout Row) {
        let t = step.time
        if !step.actor.isEmpty { row.actors.insert(step.actor) }
        if step.isDelete {
            if let last = row.spans.indices.last, row.spans[last].end == nil { row.spans[last].end = t }
            row.deleted = t
        } else if step.hasBody {
            if row.deleted != nil && step.headerUID != row.uid { row.deleted = nil }
            if let state = step.state { apply(state, at: t, to: &row) }
        }
    }

    /// Folds one version of an object into its row at `t` (ms).
    func apply(_ s: TimelineStep.State, at t: Int64, to row: inout Row) {
        if let uid = s.uid { row.uid = uid }
        if let ref = s.ref { row.node = ref }
        if row.key.kind == "Pod", row.owner == nil { (row.owner, row.hash) = (s.owner, s.hash) }
        if let template = s.template {
            if let last = row.template, last != template { row.templateChanged = true }
            row.template = template
        }
        record(state: s.phase, terminating: s.terminating, restarts: s.restarts, at: t, to: &row)
    }

    static let workloadKinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet"]

    /// A workload version as the fold needs it: its metadata (parsed alone, the cheap path)
    /// when it carries `generation`, else the whole object (to compare templates).
    static func workloadValue(_ metadata: JSONValue, body: [UInt8]) -> JSONValue {
        if metadata.value(atPath: "metadata.generation") != nil { return metadata }
        return (try? JSONReader.parse(body, maxDepth: 10_000)) ?? metadata
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
