/// The list of projections a store keeps, in the order they are folded, snapshotted and verified.
///
/// ``standard`` is KubeLedger's own list. Adding a projection is one new file (a type
/// conforming to ``Projection``) and one line in ``standard``; ``ClusterProjections`` folds and
/// ``ProjectionStore`` snapshots, catches up and verifies every registered projection without
/// naming any of them. Tests and tools may build their own registry (a toy projection beside the
/// standard ones).
///
/// ```swift
/// let registry = ProjectionRegistry(ProjectionRegistry.standard.types + [MyProjection.self])
/// let store = ProjectionStore(ledger: ledger, registry: registry)
/// try store.catchUp(snapshotHead: true)
/// ```
public struct ProjectionRegistry: Sendable {
    /// The registered projection types, in fold order. Names are unique.
    public let types: [any Projection.Type]

    /// A registry of `types`.
    ///
    /// - Precondition: no two types share a ``Projection/name``.
    public init(_ types: [any Projection.Type]) {
        precondition(Set(types.map { $0.name }).count == types.count, "projection names must be unique")
        self.types = types
    }

    /// The projections KubeLedger keeps.
    public static let standard = ProjectionRegistry([
        PodsProjection.self,
        RolloutsProjection.self,
        StatefulSetIdentityProjection.self,
        DaemonSetsProjection.self,
        LiveObjectsProjection.self,
    ])

    /// The names of the registered projections, in order.
    public var names: [String] { types.map { $0.name } }

    /// The position of the projection named `name`, if registered.
    public func index(of name: String) -> Int? { types.firstIndex { $0.name == name } }
}
