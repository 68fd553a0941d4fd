public import Ledger

/// One revision of a workload's rollout history: one pod template.
///
/// A revision is kept forever, whatever `revisionHistoryLimit` did to its ReplicaSet or
/// ControllerRevision. Its ``number`` is the one Kubernetes gives it now (observed from the
/// object when it is in the log, otherwise derived by Kubernetes' rule, §1.4/§3.6);
/// ``formerNumbers`` are the numbers it had before a rollback moved it to the top.
public struct RolloutRevision: Sendable, Equatable {
    /// The revision number (`deployment.kubernetes.io/revision`, or the ControllerRevision's
    /// `revision`; 0 for an owned ReplicaSet without the annotation, §8 #43).
    public var number: Int
    /// Former numbers, oldest first (`deployment.kubernetes.io/revision-history`, plus numbers
    /// KubeLedger saw it lose).
    public var formerNumbers: [Int] = []
    /// Whether ``number`` was read from a ReplicaSet/ControllerRevision (else derived).
    public var numberObserved = false
    /// The pod template, as the ReplicaSet (with its `pod-template-hash` label) or
    /// ControllerRevision holds it, else as the workload held it.
    public var template: JSONValue { didSet { templateJSON = JSONWriter().bytes(template) } }
    /// ``template`` as a snapshot writes it, kept beside it: a snapshot of the rollouts
    /// projection writes every revision's template, and writing the trees again at each one
    /// was ~40 % of a rebuild (docs/performance.md, issue 15).
    var templateJSON: [UInt8]
    /// Canonical bytes of the normalised template (see ``PodTemplate``).
    var canonical: [UInt8]
    /// `pod-template-hash` (Deployments) or the ControllerRevision hash (StatefulSets,
    /// DaemonSets); a fingerprint when ``templateHashDerived``.
    public var templateHash: String
    /// Whether ``templateHash`` is KubeLedger's fingerprint rather than Kubernetes' hash.
    public var templateHashDerived: Bool
    /// Images of the template's containers.
    public var images: [String]
    /// `kubernetes.io/change-cause` (CHANGE-CAUSE column), if any.
    public var changeCause: String?
    /// The event that introduced this template (who changed the workload, when).
    public var introduced: LogPoint
    /// The ReplicaSet or ControllerRevision holding this revision, once seen.
    public var objectName: String?
    /// When that object was deleted (for example by `revisionHistoryLimit` cleanup).
    public var objectDeleted: LogPoint?
    /// Events that made this template current again (rollbacks, re-applies), oldest first.
    public var reactivations: [LogPoint] = []
    /// ReplicaSet replica counts over time, oldest first (when ReplicaSet status is in the log).
    /// The cluster-wide projection keeps the latest ``retainedReplicaCounts`` changes, so a
    /// long-lived revision whose pods churn does not grow every snapshot with the history; a
    /// workload's own fold (`rollout history`) keeps them all.
    public var replicas: [ReplicaCount] = []
    /// Replica-count changes kept per revision.
    public static let retainedReplicaCounts = 16

    /// When the template was first seen.
    public var firstSeen: Timestamp { introduced.time }

    init(number: Int, template: JSONValue, canonical: [UInt8], introduced: LogPoint) {
        self.number = number
        self.template = template
        self.templateJSON = JSONWriter().bytes(template)
        self.canonical = canonical
        self.templateHash = PodTemplate.fingerprint(canonical: canonical)
        self.templateHashDerived = true
        self.images = PodTemplate.images(template)
        self.introduced = introduced
    }

    /// Records `new` as the number, keeping the current one in ``formerNumbers``.
    mutating func renumber(_ new: Int) {
        guard new != number else { return }
        if !formerNumbers.contains(number) && number > 0 { formerNumbers.append(number) }
        number = new
    }
}

/// Replica counts of a ReplicaSet at one point.
public struct ReplicaCount: Sendable, Hashable {
    public var at: LogPoint
    /// `spec.replicas`.
    public var desired: Int
    /// `status.replicas`.
    public var current: Int
    /// `status.readyReplicas`.
    public var ready: Int
    /// `status.availableReplicas`.
    public var available: Int

    public init(at: LogPoint, desired: Int, current: Int, ready: Int, available: Int) {
        self.at = at
        self.desired = desired
        self.current = current
        self.ready = ready
        self.available = available
    }

    func sameCounts(_ o: ReplicaCount) -> Bool {
        desired == o.desired && current == o.current && ready == o.ready && available == o.available
    }
}

/// The rollout history of one Deployment, StatefulSet or DaemonSet.
public struct WorkloadRollouts: Sendable, Equatable {
    /// `Deployment`, `StatefulSet` or `DaemonSet`.
    public var kind: String
    public var namespace: String
    public var name: String
    /// The workload's uid (empty until the workload itself is seen).
    public var uid = ""
    /// Every revision ever seen, in order of first appearance.
    public var revisions: [RolloutRevision] = []
    /// Index into ``revisions`` of the template the workload has now (nil while paused on a
    /// template that has no revision yet, or before the workload is seen).
    public var currentIndex: Int?
    /// `spec.paused` (Deployments).
    public var paused = false
    /// When the workload was deleted, if it is.
    public var deleted: LogPoint?
    /// Revisions of earlier workloads with the same name (deleted, then re-created with a new uid).
    public var earlierGenerations: [[RolloutRevision]] = []
    /// A template changed while paused, waiting for resume (§1.12).
    var pending: PendingTemplate?
    /// The raw bytes of the last `spec.template` seen (to skip unchanged templates fast).
    var lastRawTemplate: [UInt8] = []

    public init(kind: String, namespace: String, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// The current revision, if known.
    public var current: RolloutRevision? { currentIndex.map { revisions[$0] } }

    /// The revisions as `kubectl rollout history` lists them: one per number (when several
    /// share a number, §8 #42, the one whose object still exists wins, then the latest seen),
    /// sorted by number.
    public var visibleRevisions: [RolloutRevision] {
        var byNumber: [Int: Int] = [:]
        for (i, r) in revisions.enumerated() {
            if let j = byNumber[r.number] {
                let o = revisions[j]
                let rLive = r.objectDeleted == nil, oLive = o.objectDeleted == nil
                if rLive && !oLive || rLive == oLive { byNumber[r.number] = i }
            } else {
                byNumber[r.number] = i
            }
        }
        return byNumber.keys.sorted().map { revisions[byNumber[$0]!] }
    }

    /// The revision numbered `number` (as ``visibleRevisions`` resolves duplicates).
    public func revision(_ number: Int) -> RolloutRevision? {
        visibleRevisions.first { $0.number == number }
    }
}

/// A template set while the Deployment was paused.
struct PendingTemplate: Sendable, Equatable {
    var template: JSONValue
    var canonical: [UInt8]
    var at: LogPoint
    var changeCause: String?
}
