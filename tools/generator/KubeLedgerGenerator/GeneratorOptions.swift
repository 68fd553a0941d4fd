/// What to generate: the size of the cluster, how much history, and from which seed.
///
/// `init(events:seed:)` scales the cluster to the amount of history asked for; every property can
/// then be changed. The same options always produce the same bytes.
///
/// ```swift
/// var options = GeneratorOptions(events: 100_000, seed: 42)
/// options.deployments = 20
/// for event in HistoryGenerator(options) { … }
/// ```
public struct GeneratorOptions: Sendable, Equatable {
    /// 2026-01-01T00:00:00Z, in nanoseconds since the Unix epoch.
    public static let defaultStart: Int64 = 1_767_225_600 * 1_000_000_000

    /// The seed of the pseudo-random generator; every choice the generator makes follows from it.
    public var seed: UInt64
    /// How many mutating events (create, update, patch, delete) to produce. Read events added by
    /// ``includeReads`` come on top of this count.
    public var events: Int
    /// How many application namespaces the workloads are spread over (`kube-system` and
    /// `monitoring` come in addition, for the DaemonSets).
    public var namespaces: Int
    /// How many Deployments the cluster runs.
    public var deployments: Int
    /// How many StatefulSets (each with one or two volumeClaimTemplates) the cluster runs.
    public var statefulSets: Int
    /// How many DaemonSets (one pod per Ready node) the cluster runs.
    public var daemonSets: Int
    /// How many worker nodes the cluster starts with; failed nodes that are removed are replaced.
    public var nodes: Int
    /// The cluster time of the first event, in nanoseconds since the Unix epoch.
    public var start: Int64
    /// The resourceVersion of the first event; each event adds one.
    public var firstResourceVersion: Int
    /// Mean time between two human changes (image update, scale, rollback, restart…) of one
    /// workload, in seconds of cluster time.
    public var meanSecondsBetweenChanges: Double
    /// Mean time between two failures of one node (it goes NotReady, then recovers or is
    /// replaced), in seconds of cluster time. Zero or less disables node failures.
    public var meanSecondsBetweenNodeFailures: Double
    /// Whether to interleave non-mutating audit events (`get`, `list`, `watch`, at `Metadata`
    /// level) that an importer must skip. They are extra events: ``events`` counts only mutations.
    public var includeReads: Bool
    /// About how many pods should be live at once (`nil`: what the workloads' usual replica
    /// counts give). The Deployments' replica ranges are scaled so that, with the StatefulSets'
    /// and DaemonSets' pods, the cluster runs about this many; the count still moves with
    /// rollouts, scaling and node failures. For benchmarks of large live sets (issue 15: 30,000
    /// live pods in a 1M-event history).
    public var livePods: Int?

    /// Options scaled to `events`: a small cluster for a few thousand events, up to a few
    /// thousand pods for tens of millions.
    public init(events: Int = 10_000, seed: UInt64 = 1) {
        self.seed = seed
        self.events = max(0, events)
        let e = max(0, events)
        deployments = Self.clamp(3 + e / 5_000, 3, 800)
        statefulSets = Self.clamp(1 + e / 40_000, 1, 160)
        daemonSets = Self.clamp(1 + e / 250_000, 1, 4)
        nodes = Self.clamp(3 + e / 50_000, 3, 60)
        namespaces = Self.clamp(2 + e / 100_000, 2, 40)
        start = Self.defaultStart
        firstResourceVersion = 1000
        meanSecondsBetweenChanges = 3_600
        meanSecondsBetweenNodeFailures = 3 * 86_400
        includeReads = false
        livePods = nil
    }

    private static func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
        min(max(value, low), high)
    }
}
