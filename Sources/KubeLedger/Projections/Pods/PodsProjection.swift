public import Ledger

/// Pods as kubectl shows them, and the lifecycles of live pods and of recently gone ones.
///
/// Live pods are keyed by `namespace/name` (identity); lifecycles by uid (incarnation), so a pod
/// re-created with the same name is a new lifecycle (§8 #30). A graceful delete first shows as
/// `terminating`, and only the final delete removes the pod (§8 #21, #22).
///
/// The state stays proportional to the cluster, not to its history: of the pods that are gone,
/// only the ``retainedGoneLifecycles`` most recently ended keep their lifecycle here (a churning
/// cluster sees millions of pod uids; every snapshot would carry them all). Every event of any
/// pod stays in the log, a seek away (`kubeledger log --uid`).
public struct PodsProjection: Projection, Equatable {
    public static let name = "pods"
    public internal(set) var lastRevision: UInt64 = 0
    /// Live pods by `namespace/name`.
    public internal(set) var pods: [String: PodState] = [:]
    /// Lifecycles of live pods and of the most recently gone ones, by uid.
    public internal(set) var lifecycles: [String: PodLifecycle] = [:]
    /// Gone lifecycles kept at least (up to twice as many between two evictions).
    public static let retainedGoneLifecycles = 1_000
    /// How many lifecycles in ``lifecycles`` are gone (derived from them; not part of the state).
    var goneCount = 0

    public init() {}

    public mutating func apply(_ event: RecordedEvent) {
        guard event.revision > lastRevision else { return }
        lastRevision = event.revision
        guard event.object.kind == "Pod", event.object.group.isEmpty else { return }
        fold(EventContext(event), body: event.body)
    }

    public mutating func fold(_ input: FoldInput) {
        guard input.event.revision > lastRevision else { return }
        lastRevision = input.event.revision
        guard input.isPod else { return }
        fold(input.context, summary: input.podSummary)
    }

    mutating func fold(_ c: EventContext, body: [UInt8]?) {
        fold(c, summary: body.flatMap(PodSummary.init(json:)))
    }

    /// Folds a pod event whose body was already picked (`nil`: no usable body).
    mutating func fold(_ c: EventContext, summary: PodSummary?) {
        lastRevision = max(lastRevision, c.revision)
        guard let s = summary else {
            // No usable body: a delete still removes the pod it names.
            if c.verb == .delete { remove(key: c.key, uid: c.uid, at: c) }
            return
        }
        let namespace = s.namespace.isEmpty ? c.namespace : s.namespace
        let name = s.name.isEmpty ? c.name : s.name
        guard !name.isEmpty else { return }
        let key = namespace.isEmpty ? name : namespace + "/" + name
        var uid = s.uid.isEmpty ? c.uid : s.uid
        var old = pods[key]
        if uid.isEmpty { uid = old?.uid ?? "\(key)@\(c.revision)" }

        // Same name, new uid: the previous incarnation is gone even if its delete was not seen.
        if let previous = old, previous.uid != uid {
            close(uid: previous.uid, at: c, detail: "replaced by uid \(uid)")
            pods[key] = nil
            old = nil
        }
        let point = LogPoint(c)
        let printed = s.printed
        let state = PodState(summary: s, printed: printed, namespace: namespace, name: name, uid: uid, at: point)
        // The lifecycle is updated in place (a copy would copy its growing event list).
        let wasGone = lifecycles[uid]?.isGone ?? false
        let removed = Self.step(
            &lifecycles[uid, default: PodLifecycle(uid: uid, namespace: namespace, name: name)], c, s, state: state,
            printed: printed, old: old, at: point)
        pods[key] = removed ? nil : state
        if removed != wasGone { goneCount += removed ? 1 : -1 }
        if goneCount > 2 * Self.retainedGoneLifecycles { evictGone() }
    }

    /// Drops the gone lifecycles that ended longest ago, keeping ``retainedGoneLifecycles``.
    /// Deterministic: it depends only on the state, so a fold and a snapshot restore agree.
    mutating func evictGone() {
        let gone = lifecycles.values.filter(\.isGone)
            .map { (end: $0.events.last?.revision ?? 0, uid: $0.uid) }
            .sorted { ($0.end, $0.uid) < ($1.end, $1.uid) }
        for entry in gone.prefix(max(gone.count - Self.retainedGoneLifecycles, 0)) { lifecycles[entry.uid] = nil }
        goneCount = lifecycles.values.reduce(0) { $0 + ($1.isGone ? 1 : 0) }
    }

    /// One event in the life of a pod uid; returns whether it removed the pod.
    private static func step(
        _ life: inout PodLifecycle, _ c: EventContext, _ s: PodSummary, state: PodState, printed: PodSummary.Printed,
        old: PodState?, at point: LogPoint
    ) -> Bool {
        if old == nil && life.events.isEmpty {
            life.events.append(PodLifecycleEvent(point, .created, s.creationTimestamp ?? ""))
        }
        if let o = s.owner, !Self.names(life.owner, o) { life.owner = o.kind + "/" + o.name }
        if !state.node.isEmpty && old?.node != state.node {
            life.events.append(PodLifecycleEvent(point, .scheduled, state.node))
        }
        if !state.phase.isEmpty && old?.phase != state.phase {
            life.events.append(PodLifecycleEvent(point, .phase, state.phase))
        }
        if state.ready != (old?.ready ?? false) {
            life.events.append(PodLifecycleEvent(point, state.ready ? .ready : .notReady, printed.ready))
        }
        if state.deletionTimestamp != nil && old?.deletionTimestamp == nil {
            var detail = state.deletionTimestamp ?? ""
            if let g = s.deletionGracePeriodSeconds { detail += " grace \(g)s" }
            life.events.append(PodLifecycleEvent(point, .terminating, detail))
        }
        if c.deleteRemoves(gracePeriod: s.deletionGracePeriodSeconds, finalizers: s.finalizerCount) {
            life.events.append(PodLifecycleEvent(point, .deleted, ""))
            life.isGone = true
            return true
        }
        life.isGone = false
        return false
    }

    /// Whether `owner` is already `Kind/name` of `o` (saves building the string per event).
    private static func names(_ owner: String?, _ o: OwnerRef) -> Bool {
        guard var owner else { return false }
        var kind = o.kind
        var name = o.name
        guard owner.utf8.count == kind.utf8.count + 1 + name.utf8.count else { return false }
        return owner.withUTF8 { u in
            kind.withUTF8 { k in
                name.withUTF8 { n in
                    UnsafeBufferPointer(rebasing: u[..<k.count]).elementsEqual(k) && u[k.count] == UInt8(ascii: "/")
                        && UnsafeBufferPointer(rebasing: u[(k.count + 1)...]).elementsEqual(n)
                }
            }
        }
    }

    private mutating func remove(key: String, uid: String, at c: EventContext) {
        guard let p = pods[key], uid.isEmpty || uid == p.uid else { return }
        close(uid: p.uid, at: c, detail: "")
        pods[key] = nil
    }

    private mutating func close(uid: String, at c: EventContext, detail: String) {
        guard lifecycles[uid]?.isGone == false else { return }
        lifecycles[uid]!.events.append(PodLifecycleEvent(LogPoint(c), .deleted, detail))
        lifecycles[uid]!.isGone = true
        goneCount += 1
    }

    // MARK: - Queries

    /// The live pod `namespace/name`.
    public func pod(namespace: String, name: String) -> PodState? { pods[namespace + "/" + name] }

    /// Every lifecycle of pods named `namespace/name`, oldest first.
    public func lifecycles(namespace: String, name: String) -> [PodLifecycle] {
        lifecycles.values.filter { $0.namespace == namespace && $0.name == name }
            .sorted { ($0.events.first?.revision ?? 0) < ($1.events.first?.revision ?? 0) }
    }
}

/// A live pod as kubectl shows it.
public struct PodState: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var uid: String
    public var phase: String
    /// `spec.nodeName` (empty until scheduled).
    public var node: String
    public var podIP: String
    public var nominatedNode: String
    /// The controller owner's kind (`ReplicaSet`, `StatefulSet`, `DaemonSet`, `Job` …).
    public var ownerKind: String?
    /// The controller owner's name.
    public var ownerName: String?
    /// RESTARTS as kubectl counts them.
    public var restarts: Int
    /// When the last restart happened, if known.
    public var lastRestart: Timestamp?
    public var readyContainers: Int
    public var totalContainers: Int
    /// kubectl's STATUS column (`Running`, `Terminating`, `CrashLoopBackOff`, `Init:0/1` …).
    public var status: String
    /// READINESS GATES column.
    public var readinessGates: String
    /// Condition `Ready` is `True`.
    public var ready: Bool
    public var labels: [String: String]
    public var creationTimestamp: String?
    public var deletionTimestamp: String?
    /// The last event that changed the pod.
    public var updated: LogPoint

    /// READY column: `1/2`.
    public var readyColumn: String { "\(readyContainers)/\(totalContainers)" }

    init(
        summary s: PodSummary, printed p: PodSummary.Printed, namespace: String, name: String, uid: String,
        at point: LogPoint
    ) {
        self.namespace = namespace
        self.name = name
        self.uid = uid
        phase = s.phase
        node = s.nodeName
        podIP = s.podIP
        nominatedNode = s.nominatedNodeName
        ownerKind = s.owner?.kind
        ownerName = s.owner?.name
        restarts = p.restarts
        lastRestart = p.lastRestart
        readyContainers = p.readyContainers
        totalContainers = p.totalContainers
        status = p.status
        readinessGates = p.readinessGates
        ready = s.isReady
        labels = s.labels
        creationTimestamp = s.creationTimestamp
        deletionTimestamp = s.deletionTimestamp
        updated = point
    }
}

/// The life of one pod uid.
public struct PodLifecycle: Sendable, Hashable {
    public var uid: String
    public var namespace: String
    public var name: String
    /// `Kind/name` of the controller owner, if any.
    public var owner: String?
    /// What happened, oldest first.
    public var events: [PodLifecycleEvent] = []
    /// Whether the pod has been deleted (or replaced by a new uid).
    public var isGone = false

    public init(uid: String, namespace: String, name: String) {
        self.uid = uid
        self.namespace = namespace
        self.name = name
    }
}

/// One step of a pod's lifecycle.
public struct PodLifecycleEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The uid was first seen (detail: creationTimestamp).
        case created
        /// Bound to a node (detail: node name).
        case scheduled
        /// `status.phase` changed (detail: the new phase).
        case phase
        /// Condition Ready became True (detail: READY column).
        case ready
        /// Condition Ready became False or went away (detail: READY column).
        case notReady
        /// `deletionTimestamp` was set (detail: deletionTimestamp and grace period).
        case terminating
        /// The pod is gone (detail: why, when not a plain delete).
        case deleted
    }

    public var at: LogPoint
    public var kind: Kind
    public var detail: String

    public var revision: UInt64 { at.revision }
    public var time: Timestamp { at.time }

    public init(_ at: LogPoint, _ kind: Kind, _ detail: String) {
        self.at = at
        self.kind = kind
        self.detail = detail
    }
}
