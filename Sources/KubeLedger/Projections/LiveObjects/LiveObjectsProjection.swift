public import Ledger

/// The live set: every object whose last event is not a delete, with the revision and object
/// version of that event.
///
/// It answers "which objects existed at revision R" (`get pods -A --at T`, `replay --at`) from
/// the nearest snapshot plus at most K events, instead of one `objects` index seek per object
/// ever seen (which grows with churn: pod names are unique). It reads only the event envelope
/// (verb, object reference, revision, object version), never the body, so it can be folded from
/// headers decoded with `includeBody: false`.
///
/// Liveness follows the `objects` index exactly (``Ledger/liveObjects(groupKind:namespace:atOrBefore:)``):
/// an object is live when its last event is a create, update or patch; a delete removes it, a
/// later event of the same key brings it back.
///
/// ```swift
/// var live = LiveObjectsProjection()
/// for event in events { live.apply(event) }
/// let pods = live.entries(scope: LiveObjectsProjection.scope(groupKind: "/Pod", namespace: "prod"))
/// ```
public struct LiveObjectsProjection: Projection, Equatable {
    public static let name = "live-objects"

    /// The event that last wrote a live object.
    public struct Entry: Sendable, Hashable {
        /// The revision of that event.
        public var revision: UInt64
        /// The object's own version at that event.
        public var version: UInt64

        public init(revision: UInt64, version: UInt64) {
            self.revision = revision
            self.version = version
        }
    }

    /// Live objects by ``ObjectKey/encoded`` bytes (the `objects` index prefix).
    public internal(set) var objects: [[UInt8]: Entry] = [:]
    public internal(set) var lastRevision: UInt64 = 0

    public init() {}

    /// The live set needs the envelope only: catch-up reads its events without their bodies.
    public static var readsBodies: Bool { false }

    /// Liveness does not depend on who made a change.
    public static var readsProvenance: Bool { false }

    public mutating func apply(_ event: RecordedEvent) {
        guard event.revision > lastRevision else { return }
        apply(
            ObjectWrite(
                revision: event.revision, objectVersion: event.objectVersion, verb: event.verb,
                key: event.object.key.encoded))
    }

    /// Folds what one event did, as read by ``Ledger/scanObjectWrites(from:to:chunk:_:)`` (the
    /// cheap way: header fields only). Ignored at or below ``lastRevision``, like ``apply(_:)``.
    public mutating func apply(_ write: ObjectWrite) {
        guard write.revision > lastRevision else { return }
        lastRevision = write.revision
        if write.verb == .delete {
            objects.removeValue(forKey: write.key)
        } else {
            objects[write.key] = Entry(revision: write.revision, version: write.objectVersion)
        }
    }

    /// The key prefix of `groupKind` (`apps/Deployment`, `/Pod`), optionally narrowed to one
    /// namespace and then one name; empty (everything) when `groupKind` is `nil`.
    public static func scope(groupKind: String?, namespace: String? = nil, name: String? = nil) -> [UInt8] {
        guard let groupKind else { return [] }
        var prefix = Array(groupKind.utf8) + [0]
        guard let namespace else { return prefix }
        prefix += Array(namespace.utf8) + [0]
        if let name { prefix += Array(name.utf8) + [0] }
        return prefix
    }

    /// The live objects whose key starts with `scope` (see ``scope(groupKind:namespace:name:)``)
    /// and passes `include`, in key order (the order of the `objects` index).
    public func entries(
        scope: [UInt8] = [], where include: (ObjectKey) -> Bool = { _ in true }
    ) -> [(key: ObjectKey, entry: Entry)] {
        var matching: [(bytes: [UInt8], entry: Entry)] = []
        for (bytes, entry) in objects where bytes.starts(with: scope) { matching.append((bytes, entry)) }
        matching.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        return matching.compactMap { m in
            guard let key = ObjectKey(encoded: m.bytes), include(key) else { return nil }
            return (key, m.entry)
        }
    }
}
