public import Ledger

/// A pure, in-memory fold of the event log into a read model.
///
/// A projection starts empty (``init()``), folds events in revision order with ``apply(_:)``,
/// and can be snapshotted with ``encoded()`` and restored with ``init(decoding:)``. The
/// projections the store keeps are listed in one ``ProjectionRegistry``: adding one is a new
/// file with a type conforming to this protocol plus one line there (docs/architecture.md,
/// "Adding a projection"). Folding
/// never throws: an event whose body is missing (`nil`, as for Metadata-level audit records),
/// is not JSON, lacks the fields the projection needs, or is of a kind it does not follow is
/// skipped (or used as far as it goes).
///
/// ```swift
/// var pods = PodsProjection()
/// for event in events { pods.apply(event) }
/// let snapshot = pods.encoded()
/// let restored = try PodsProjection(decoding: snapshot)
/// assert(restored.checksum == pods.checksum)
/// ```
public protocol Projection: Sendable {
    /// A stable name, used as the projection's checkpoint and snapshot key. Never change it.
    static var name: String { get }

    /// An empty projection (nothing folded yet).
    init()

    /// Folds one event. Events must come in revision order; an event at or below
    /// ``lastRevision`` is ignored, so replaying an overlap is harmless.
    mutating func apply(_ event: RecordedEvent)

    /// Folds one event as a registry fold (``ClusterProjections``) passes it: the same event as
    /// ``apply(_:)`` takes, with the values several projections derive from it (the pod summary)
    /// computed once for all of them. The default calls ``apply(_:)``.
    mutating func fold(_ input: FoldInput)

    /// Whether ``apply(_:)`` reads event bodies. A projection that needs only the envelope
    /// (kind, name, verb, revision) says `false`, and a catch-up that only it lacks reads the log
    /// without decompressing bodies. The default is `true`.
    static var readsBodies: Bool { get }

    /// Whether the fold reads provenance (actor, user agent, source). Provenance can be amended
    /// after the fact (an audit record joined to a watched event), which makes such a
    /// projection's stored snapshots from that event on out of date: the write side drops them
    /// (``ProjectionStore/invalidate(fromAmendedRevision:)``). The default is `true`.
    static var readsProvenance: Bool { get }

    /// The last revision folded (0 when none).
    var lastRevision: UInt64 { get }

    /// The state as compact, deterministic bytes (a snapshot).
    func encoded() -> [UInt8]

    /// Restores a state written by ``encoded()``.
    ///
    /// - Throws: ``ProjectionDecodingError`` when the bytes are not a snapshot of this projection
    ///   or of this format version.
    init(decoding bytes: [UInt8]) throws

    /// SHA-256 over the state. Deterministic: it does not depend on dictionary order or on how
    /// the state was reached (folding or decoding), so two stores can compare it.
    var checksum: [UInt8] { get }

    /// ``checksum``, given the state's ``encoded()`` bytes (a catch-up that stores a snapshot
    /// has them at hand, and encoding a large state twice was a fifth of a rebuild). The default,
    /// SHA-256 over `bytes`, is what the default ``checksum`` computes; a projection that
    /// defines ``checksum`` otherwise defines this too.
    func checksum(ofEncoded bytes: [UInt8]) -> [UInt8]
}

extension Projection {
    public mutating func fold(_ input: FoldInput) { apply(input.event) }

    public static var readsBodies: Bool { true }

    public static var readsProvenance: Bool { true }
}

/// A snapshot could not be decoded. (Replaying the projection from the log rebuilds it; a front
/// end says how.)
public struct ProjectionDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The projection that failed to decode.
    public var projection: String
    /// What was wrong.
    public var message: String
    /// Whether the snapshot was written in another format version of the projection (by another
    /// binary): not damage; the write side folds that projection again from the log.
    public var isOtherFormatVersion = false

    /// An error for `projection`'s snapshot, saying what was wrong.
    public init(projection: String, message: String) {
        self.projection = projection
        self.message = message
    }

    /// What was wrong, in one sentence.
    public var description: String { "Cannot decode the \(projection) snapshot: \(message)." }
}
