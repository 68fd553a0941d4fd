public import Ledger
internal import Crypto

/// Every projection of a ``ProjectionRegistry`` folded together (by default the standard ones:
/// ``PodsProjection``, ``RolloutsProjection``, ``StatefulSetIdentityProjection``,
/// ``DaemonSetsProjection`` and ``LiveObjectsProjection``).
///
/// Catch-up and rebuild fold every event through all of them; doing it here hands each event to
/// the projections as one ``FoldInput``, so a body is read once (a pod event is picked into one
/// ``PodSummary`` shared by the Pods, identity and DaemonSets folds) instead of once per
/// projection. The result is the same as folding each projection on its own: each one keeps its
/// own state, ``Projection/encoded()`` and checksum. Each projection ignores events at or below
/// its own ``Projection/lastRevision``, so projections restored at different revisions catch up
/// from where each one is.
///
/// ```swift
/// var set = ClusterProjections()
/// for event in events { set.apply(event) }
/// let snapshot = set.encoded()
/// let restored = try ClusterProjections(decoding: snapshot)
/// assert(restored.checksum == set.checksum)
/// assert(restored[PodsProjection.self]?.checksum == set[PodsProjection.self]?.checksum)
/// ```
public struct ClusterProjections: Sendable, Equatable {
    /// The projections folded, in order.
    public let registry: ProjectionRegistry
    /// The state of each registered projection, in the registry's order.
    public private(set) var states: [any Projection]

    /// Empty projections of `registry`.
    public init(registry: ProjectionRegistry = .standard) {
        self.registry = registry
        self.states = registry.types.map { $0.init() }
    }

    /// The projections of `registry` in the given states (for example restored from their own
    /// snapshots, possibly at different revisions).
    ///
    /// - Precondition: one state per registered type, in the registry's order.
    public init(registry: ProjectionRegistry = .standard, states: [any Projection]) {
        precondition(
            states.map { type(of: $0).name } == registry.names, "one state per registered projection, in order")
        self.registry = registry
        self.states = states
    }

    /// The state of projection `P`, or `nil` when it is not registered.
    public subscript<P: Projection>(_ type: P.Type) -> P? {
        guard let i = registry.index(of: P.name) else { return nil }
        return states[i] as? P
    }

    /// The lowest ``Projection/lastRevision`` of the set (where a catch-up must resume).
    public var lastRevision: UInt64 { states.map(\.lastRevision).min() ?? 0 }

    /// Folds one event into each projection that has not seen it yet (reading its body once).
    public mutating func apply(_ event: RecordedEvent) { apply(FoldInput(event)) }

    /// Folds one event, with what was already picked from it, into each projection that has not
    /// seen it yet.
    public mutating func apply(_ input: FoldInput) {
        for i in states.indices where states[i].lastRevision < input.event.revision {
            states[i].fold(input)
        }
    }

    /// The checksum of each projection, by ``Projection/name``, in the registry's order.
    public var checksums: [(name: String, checksum: [UInt8])] {
        states.map { (type(of: $0).name, $0.checksum) }
    }

    /// SHA-256 over ``encoded()``.
    public var checksum: [UInt8] { Array(SHA256.hash(data: encoded())) }

    /// Two sets are equal when they fold the same projections into states with equal checksums.
    public static func == (a: ClusterProjections, b: ClusterProjections) -> Bool {
        a.registry.names == b.registry.names && a.checksums.map(\.checksum) == b.checksums.map(\.checksum)
    }

    /// The snapshot magic of a whole set.
    static let name = "cluster"

    /// 3: each projection is written with its name (a registry of any projections).
    static let snapshotVersion: UInt64 = 3

    /// Each projection's name and snapshot, as it writes it, one after another.
    public func encoded() -> [UInt8] {
        var w = SnapshotWriter(magic: Self.name, version: Self.snapshotVersion)
        w.write(UInt64(states.count))
        for state in states {
            w.write(type(of: state).name)
            w.write(state.encoded())
        }
        return w.bytes
    }

    /// Restores a set written by ``encoded()`` with the same registry.
    ///
    /// - Throws: ``ProjectionDecodingError`` when the bytes are not such a snapshot, or name other
    ///   projections than `registry`.
    public init(decoding bytes: [UInt8], registry: ProjectionRegistry = .standard) throws {
        var r = try SnapshotReader(bytes, magic: Self.name, version: Self.snapshotVersion, projection: Self.name)
        let count = try r.readCount()
        guard count == registry.types.count else {
            throw ProjectionDecodingError(
                projection: Self.name, message: "\(count) projections, expected \(registry.types.count)")
        }
        var states: [any Projection] = []
        for type in registry.types {
            let name = try r.readString()
            guard name == type.name else {
                throw ProjectionDecodingError(projection: Self.name, message: "found \(name), expected \(type.name)")
            }
            states.append(try type.init(decoding: Array(try r.readBytes())))
        }
        try r.finish()
        self.init(registry: registry, states: states)
    }
}
