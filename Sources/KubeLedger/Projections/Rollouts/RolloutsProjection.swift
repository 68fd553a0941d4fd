public import Ledger

#if canImport(Glibc)
import Glibc
#endif

/// Rollout history of Deployments (from Deployment and ReplicaSet events), StatefulSets and
/// DaemonSets (from ControllerRevision events), numbered as Kubernetes numbers them and never
/// dropped by `revisionHistoryLimit`.
///
/// Observed objects win: a ReplicaSet's `deployment.kubernetes.io/revision`,
/// `revision-history`, `pod-template-hash` and change-cause, or a ControllerRevision's
/// `revision` and hash, override what derivation computed. Derivation fills the gaps (a
/// workload whose ReplicaSets or ControllerRevisions are not in the log) with Kubernetes' rule
/// (§1.4, §3.6): a template equal to no known revision gets max+1; a template equal to an
/// older revision moves that revision to max+1 and keeps its old number in
/// ``RolloutRevision/formerNumbers``; replicas, strategy and metadata changes make no revision;
/// while a Deployment is paused no revision is made, except that returning to an existing
/// template renumbers it at once (§8 #13, #14).
///
/// The cluster-wide state kept by ``ProjectionStore`` holds the ``retainedRevisions`` most recent
/// revisions of each workload (and its current one): every snapshot carries the whole state, and
/// a workload rolled out daily for years would otherwise make every snapshot grow with the
/// history. `rollout history` and `rollout undo` fold one workload's own events from the log
/// with ``init(keepingAllRevisions:)``, so they still see, and roll back to, every revision.
public struct RolloutsProjection: Projection, Equatable {
    public static let name = "rollouts"
    public internal(set) var lastRevision: UInt64 = 0
    /// Histories by ``key(kind:namespace:name:)``.
    public internal(set) var workloads: [String: WorkloadRollouts] = [:]
    /// Revisions kept per workload by a bounded projection (the default).
    public static let retainedRevisions = 10
    /// Whether revisions beyond ``retainedRevisions`` are kept (not part of the state or its
    /// snapshot: a decoded projection is bounded).
    public var keepsAllRevisions: Bool

    public init() { keepsAllRevisions = false }

    /// A projection that never drops a revision, for one workload's complete history.
    public init(keepingAllRevisions: Bool) { keepsAllRevisions = keepingAllRevisions }

    /// The key of a workload: `Kind/namespace/name`.
    public static func key(kind: String, namespace: String, name: String) -> String {
        kind + "/" + namespace + "/" + name
    }

    /// The history of `kind` (`Deployment`, `StatefulSet`, `DaemonSet`) `namespace/name`.
    public func history(kind: String, namespace: String, name: String) -> WorkloadRollouts? {
        workloads[Self.key(kind: kind, namespace: namespace, name: name)]
    }

    static let workloadKinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet"]

    public mutating func apply(_ event: RecordedEvent) {
        guard event.revision > lastRevision else { return }
        lastRevision = event.revision
        let group = event.object.group
        guard group == "apps" || group == "extensions" else { return }
        fold(EventContext(event), body: event.body)
    }

    public mutating func fold(_ input: FoldInput) {
        guard input.event.revision > lastRevision else { return }
        lastRevision = input.event.revision
        guard input.group == "apps" || input.group == "extensions" else { return }
        fold(input.context, body: input.event.body)
    }

    mutating func fold(_ c: EventContext, body: [UInt8]?) {
        lastRevision = max(lastRevision, c.revision)
        switch c.kind {
        case "Deployment", "StatefulSet", "DaemonSet": foldWorkload(c, body: body)
        case "ReplicaSet", "ControllerRevision": foldOwned(c, body: body)
        default: return
        }
    }

    // MARK: - Workloads (derivation)

    private mutating func foldWorkload(_ c: EventContext, body: [UInt8]?) {
        let fields = body.flatMap { WorkloadFields.read($0) }
        let namespace = fields?.namespace.nilIfEmpty ?? c.namespace
        let name = fields?.name.nilIfEmpty ?? c.name
        guard !name.isEmpty else { return }
        let key = Self.key(kind: c.kind, namespace: namespace, name: name)
        // In place: a copy would copy the revisions (and their replica counts) on every write.
        Self.foldWorkload(
            &workloads[key, default: WorkloadRollouts(kind: c.kind, namespace: namespace, name: name)], c, fields,
            body: body ?? [], name: name)
        if !keepsAllRevisions {
            Self.trim(&workloads[key]!)
            if workloads[key]!.deleted != nil { evictDeletedWorkloads() }
        }
    }

    /// Deleted workloads kept by a bounded projection: a cluster that creates and deletes
    /// Deployments (per-branch previews, jobs-as-deployments) would otherwise keep every one.
    public static let retainedDeletedWorkloads = 32

    /// Drops the workloads deleted longest ago once twice ``retainedDeletedWorkloads`` are
    /// deleted. Depends only on the state (fold and snapshot restore agree).
    mutating func evictDeletedWorkloads() {
        let deleted = workloads.filter { $0.value.deleted != nil }
        guard deleted.count > 2 * Self.retainedDeletedWorkloads else { return }
        let order = deleted.map { (at: $0.value.deleted!.revision, key: $0.key) }.sorted {
            ($0.at, $0.key) < ($1.at, $1.key)
        }
        for entry in order.prefix(deleted.count - Self.retainedDeletedWorkloads) { workloads[entry.key] = nil }
    }

    private static func foldWorkload(
        _ w: inout WorkloadRollouts, _ c: EventContext, _ fields: WorkloadFields?, body: [UInt8], name: String
    ) {
        let point = LogPoint(c)
        let uid = fields?.uid.nilIfEmpty ?? c.uid
        if !uid.isEmpty && !w.uid.isEmpty && uid != w.uid && w.deleted != nil {
            // Deleted, then re-created with a new uid: Kubernetes starts a new history.
            w.earlierGenerations.append(w.revisions)
            w.revisions = []
            w.currentIndex = nil
            w.pending = nil
            w.lastRawTemplate = []
        }
        if !uid.isEmpty { w.uid = uid }
        if c.verb == .delete, c.deleteRemoves(gracePeriod: nil, finalizers: fields?.finalizers ?? 0) {
            w.deleted = point
            return
        }
        w.deleted = nil
        guard let f = fields else { return }

        let wasPaused = w.paused
        w.paused = c.kind == "Deployment" && f.paused
        let changeCause = f.changeCause ?? c.eventChangeCause
        // The template is parsed only when its bytes changed (most writes are status writes).
        if let range = f.rawTemplate, !sameBytes(body, range, w.lastRawTemplate) {
            let raw = Array(body[range])
            w.lastRawTemplate = raw
            if let tree = try? JSONReader.parse(raw), tree.objectValue != nil {
                let canonical = PodTemplate.canonicalBytes(tree)
                if w.currentIndex.map({ w.revisions[$0].canonical }) != canonical || w.pending != nil {
                    w.pending = nil
                    Self.sync(&w, template: tree, canonical: canonical, at: point, changeCause: changeCause)
                }
            }
        } else if wasPaused && !w.paused, let p = w.pending {
            // Resumed: the template set while paused now makes its revision.
            w.pending = nil
            Self.sync(
                &w, template: p.template, canonical: p.canonical, at: point, changeCause: changeCause ?? p.changeCause)
        }

        guard let cur = w.currentIndex, w.pending == nil else { return }
        // §1.5: on every sync the Deployment's annotations are copied to the current RS only.
        if c.kind == "Deployment", let cc = f.changeCause { w.revisions[cur].changeCause = cc }
        let caughtUp = f.generation != nil && (f.observedGeneration ?? -1) >= f.generation!
        guard caughtUp, !w.paused else { return }
        // The controller has synced this spec: its own annotation names the current revision.
        if c.kind == "Deployment", let n = f.revisionAnnotation.flatMap({ Int($0) }), !w.revisions[cur].numberObserved {
            w.revisions[cur].number = n
        }
        // StatefulSet status names the ControllerRevision of the current template.
        if c.kind == "StatefulSet", let ur = f.updateRevision, ur.hasPrefix(name + "-"),
            w.revisions[cur].templateHashDerived
        {
            w.revisions[cur].templateHash = String(ur.dropFirst(name.count + 1))
            w.revisions[cur].templateHashDerived = false
            if w.revisions[cur].objectName == nil { w.revisions[cur].objectName = ur }
        }
    }

    /// Kubernetes' numbering for a workload whose template is now `canonical` (§1.4, §3.6).
    private static func sync(
        _ w: inout WorkloadRollouts, template: JSONValue, canonical: [UInt8], at point: LogPoint, changeCause: String?
    ) {
        // §8 #18: of several equal revisions, the oldest is "new".
        if let i = w.revisions.firstIndex(where: { $0.canonical == canonical }) {
            if w.currentIndex != i {
                let maxOld =
                    w.revisions.indices.filter { $0 != i && w.revisions[$0].objectDeleted == nil }
                    .map { w.revisions[$0].number }.max() ?? 0
                if w.revisions[i].number < maxOld + 1 { w.revisions[i].renumber(maxOld + 1) }
                w.revisions[i].reactivations.append(point)
                w.revisions[i].objectDeleted = nil
                w.currentIndex = i
            }
            return
        }
        if w.paused {
            // §8 #13: no new revision while paused.
            w.pending = PendingTemplate(template: template, canonical: canonical, at: point, changeCause: changeCause)
            w.currentIndex = nil
            return
        }
        let maxOld = w.revisions.filter { $0.objectDeleted == nil }.map(\.number).max() ?? 0
        var r = RolloutRevision(number: maxOld + 1, template: template, canonical: canonical, introduced: point)
        r.changeCause = changeCause
        w.revisions.append(r)
        w.currentIndex = w.revisions.count - 1
    }

    /// Drops the oldest revisions (never the current one) down to ``retainedRevisions``, once
    /// there are twice as many (amortised). Depends only on the state, so folding and restoring
    /// a snapshot agree.
    static func trim(_ w: inout WorkloadRollouts) {
        // Earlier generations (deleted and re-created under the same name): the last two.
        if w.earlierGenerations.count > 4 { w.earlierGenerations.removeFirst(w.earlierGenerations.count - 2) }
        guard w.revisions.count > 2 * retainedRevisions else { return }
        var excess = w.revisions.count - retainedRevisions
        var kept: [RolloutRevision] = []
        kept.reserveCapacity(retainedRevisions + 1)
        var current: Int?
        for (i, r) in w.revisions.enumerated() {
            if excess > 0 && i != w.currentIndex {
                excess -= 1
                continue
            }
            if i == w.currentIndex { current = kept.count }
            kept.append(r)
        }
        w.revisions = kept
        w.currentIndex = current
    }

    // MARK: - ReplicaSets and ControllerRevisions (observation)

    private mutating func foldOwned(_ c: EventContext, body: [UInt8]?) {
        guard let f = body.flatMap({ OwnedFields.read($0, isControllerRevision: c.kind == "ControllerRevision") }),
            let owner = f.owner
        else { return }
        let expected =
            c.kind == "ReplicaSet"
            ? owner.kind == "Deployment" : owner.kind == "StatefulSet" || owner.kind == "DaemonSet"
        guard expected else { return }
        let namespace = f.namespace.nilIfEmpty ?? c.namespace
        let name = f.name.nilIfEmpty ?? c.name
        guard !name.isEmpty else { return }
        let key = Self.key(kind: owner.kind, namespace: namespace, name: owner.name)
        // §8 #55: only objects whose controller is this workload (by uid, when both are known).
        if let uid = workloads[key]?.uid, !uid.isEmpty && !owner.uid.isEmpty && owner.uid != uid { return }
        // In place: a copy would copy the revisions (and their replica counts) on every write.
        Self.foldOwned(
            &workloads[key, default: WorkloadRollouts(kind: owner.kind, namespace: namespace, name: owner.name)], c, f,
            body: body ?? [], owner: owner,
            name: name, capsReplicaCounts: !keepsAllRevisions)
        if !keepsAllRevisions { Self.trim(&workloads[key]!) }
    }

    private static func foldOwned(
        _ w: inout WorkloadRollouts, _ c: EventContext, _ f: OwnedFields, body: [UInt8], owner: OwnerRef, name: String,
        capsReplicaCounts: Bool
    ) {
        let point = LogPoint(c)

        var index = w.revisions.firstIndex { $0.objectName == name }
        // The template is parsed only for an object not seen before.
        if index == nil, let range = f.rawTemplate, var tree = try? JSONReader.parse(Array(body[range])),
            tree.objectValue != nil
        {
            if case .object(var o) = tree, o["$patch"] != nil {
                o["$patch"] = nil
                tree = .object(o)
            }
            let canonical = PodTemplate.canonicalBytes(tree)
            index = w.revisions.firstIndex { $0.objectName == nil && $0.canonical == canonical }
            if index == nil {
                w.revisions.append(
                    RolloutRevision(number: f.revision ?? 0, template: tree, canonical: canonical, introduced: point))
                index = w.revisions.count - 1
            } else {
                w.revisions[index!].template = tree
                w.revisions[index!].images = PodTemplate.images(tree)
            }
        }
        else if let i = index, c.verb == .update || c.verb == .patch, let range = f.rawTemplate,
            // Most writes of an owned object are status writes: its template is then, byte for
            // byte, the one its revision holds (as written), and is not parsed again.
            !sameBytes(body, range, w.revisions[i].templateJSON),
            let tree = try? JSONReader.parse(Array(body[range])), tree.objectValue != nil,
            PodTemplate.canonicalBytes(tree) != w.revisions[i].canonical
        {
            // §8 #16: the object's template was edited by hand. Its revision now holds that
            // template; the workload, whose template it no longer matches, has no current
            // revision until the controller makes a new object (after a hash collision).
            w.revisions[i].template = tree
            w.revisions[i].canonical = PodTemplate.canonicalBytes(tree)
            w.revisions[i].images = PodTemplate.images(tree)
            if w.currentIndex == i { w.currentIndex = nil }
        }
        guard let i = index else { return }
        guard observe(&w.revisions[i], c, f, owner: owner, name: name, at: point, capsReplicaCounts: capsReplicaCounts)
        else { return }
        // Keep the current index pointing at the workload's template.
        if w.currentIndex == nil, !w.lastRawTemplate.isEmpty, w.pending == nil,
            let tree = try? JSONReader.parse(w.lastRawTemplate),
            PodTemplate.canonicalBytes(tree) == w.revisions[i].canonical
        {
            w.currentIndex = i
        }
    }

    /// What a ReplicaSet or ControllerRevision says about its revision; `false` when it was deleted.
    private static func observe(
        _ r: inout RolloutRevision, _ c: EventContext, _ f: OwnedFields, owner: OwnerRef, name: String,
        at point: LogPoint, capsReplicaCounts: Bool
    ) -> Bool {
        if r.objectName != name { r.objectName = name }
        if c.verb == .delete, c.deleteRemoves(gracePeriod: nil, finalizers: f.finalizers) {
            r.objectDeleted = point
            return false
        }
        r.objectDeleted = nil
        // Observed numbers win (§8 #43: an owned ReplicaSet without the annotation is 0).
        let observed = f.revision ?? 0
        if r.number != observed {
            if r.numberObserved { r.renumber(observed) } else { r.number = observed }
        }
        r.numberObserved = true
        var former = f.revisionHistory
        for n in r.formerNumbers where !former.contains(n) && n != r.number { former.append(n) }
        if former != r.formerNumbers { r.formerNumbers = former }
        if let h = f.hash ?? (name.hasPrefix(owner.name + "-") ? String(name.dropFirst(owner.name.count + 1)) : nil) {
            r.templateHash = h
            r.templateHashDerived = false
        }
        if let cc = f.changeCause { r.changeCause = cc }
        if let counts = f.counts {
            let rc = ReplicaCount(at: point, desired: counts.0, current: counts.1, ready: counts.2, available: counts.3)
            if r.replicas.last.map({ !$0.sameCounts(rc) }) ?? true {
                if capsReplicaCounts, r.replicas.count >= RolloutRevision.retainedReplicaCounts {
                    r.replicas.removeFirst(r.replicas.count - RolloutRevision.retainedReplicaCounts + 1)
                }
                r.replicas.append(rc)
            }
        }
        return true
    }
}

/// Whether `body[range]` holds exactly the bytes of `other`.
func sameBytes(_ body: [UInt8], _ range: Range<Int>, _ other: [UInt8]) -> Bool {
    guard range.count == other.count else { return false }
    return body.withUnsafeBytes { b in
        other.withUnsafeBytes { o in
            range.isEmpty || memcmp(b.baseAddress! + range.lowerBound, o.baseAddress!, range.count) == 0
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
