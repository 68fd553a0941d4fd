/// A realistic Kubernetes cluster history, generated lazily and deterministically from
/// ``GeneratorOptions``.
///
/// Nodes join, fail (NotReady, taint eviction) and recover or are replaced; Deployments roll out
/// through ReplicaSets (revision numbers and rollbacks as Kubernetes assigns them); StatefulSets
/// create ordinal pods whose PVCs bind to provisioned PVs; DaemonSets run one pod per node. Every
/// request is attributed to the controller, kubelet, scheduler or person who makes it in a real
/// cluster.
///
/// Iterating yields exactly ``GeneratorOptions/events`` mutating events (plus read events when
/// ``GeneratorOptions/includeReads`` is set), in cluster-time order, with resourceVersions
/// increasing by one. Only the live cluster is kept in memory, so any length can be generated.
///
/// ```swift
/// var line: [UInt8] = []
/// for event in HistoryGenerator(GeneratorOptions(events: 1_000, seed: 7)) {
///     line.removeAll(keepingCapacity: true)
///     event.appendNativeLine(to: &line)
/// }
/// ```
public struct HistoryGenerator: Sequence, Sendable {
    /// What to generate.
    public let options: GeneratorOptions

    /// A generator for `options`.
    public init(_ options: GeneratorOptions) {
        self.options = options
    }

    /// Starts the history from the beginning (each iterator replays the same events).
    public func makeIterator() -> Iterator {
        Iterator(options: options)
    }

    /// Produces the events one by one. Not `Sendable`: use one iterator per task.
    public struct Iterator: IteratorProtocol {
        private let cluster: Cluster
        private let limit: Int
        private let includeReads: Bool
        private var produced = 0
        private var readRandom: SeededRandom
        private var held: GeneratedEvent? = nil

        init(options: GeneratorOptions) {
            cluster = Cluster(options: options)
            limit = options.events
            includeReads = options.includeReads
            readRandom = SeededRandom(seed: options.seed ^ 0x5EED_0F_2EAD)
        }

        /// How many mutating events have been produced so far.
        public var mutatingEventsProduced: Int { produced }

        /// The next event, or nil after ``GeneratorOptions/events`` mutating events.
        public mutating func next() -> GeneratedEvent? {
            if let event = held {
                held = nil
                return event
            }
            guard produced < limit, let event = cluster.nextEvent() else { return nil }
            produced += 1
            if includeReads && readRandom.chance(0.4) {
                held = event
                return readEvent(before: event)
            }
            return event
        }

        /// A non-mutating request just before `event`, about the same kind of object.
        private mutating func readEvent(before event: GeneratedEvent) -> GeneratedEvent {
            let actors = cluster.actors
            let time = event.occurredAtNanos - Int64(1 + readRandom.below(200)) * 1000
            let roll = readRandom.below(10)
            let verb: String
            let actor: Actor
            var name = event.name
            var namespace = event.namespace
            switch roll {
            case 0..<5:
                verb = "get"
                actor = readRandom.pick(actors.humans)
            case 5..<8:
                verb = "list"
                actor = event.kind == "Pod" ? actors.replicaSetController : actors.deploymentController
                name = ""
            default:
                verb = "watch"
                actor = event.kind == "Pod" ? actors.scheduler : actors.garbageCollector
                name = ""
                namespace = nil
            }
            return GeneratedEvent(
                verb: verb, subresource: nil, occurredAtNanos: time, actor: actor.name, groups: actor.groups,
                userAgent: actor.userAgent, sourceIP: actor.ip, apiVersion: event.apiVersion, kind: event.kind,
                namespace: namespace, name: name, uid: "", resourceVersion: "", auditID: readRandom.uuid(),
                object: [])
        }
    }
}
