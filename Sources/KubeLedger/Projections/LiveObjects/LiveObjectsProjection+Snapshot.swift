internal import Ledger

extension LiveObjectsProjection {
    static let snapshotVersion: UInt64 = 1

    /// Layout (after the ``SnapshotWriter`` magic and version): last revision, count, then each
    /// live object in key order, front-coded: bytes shared with the previous key, the rest of the
    /// key (length-prefixed), revision, object version. Keys share long prefixes (`/Pod`, the
    /// namespace), so this stays near 20 bytes per object.
    public func encoded() -> [UInt8] {
        var w = SnapshotWriter(magic: Self.name, version: Self.snapshotVersion)
        w.write(lastRevision)
        w.write(UInt64(objects.count))
        var previous: [UInt8] = []
        for key in objects.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let shared = zip(previous, key).prefix { $0 == $1 }.count
            w.write(UInt64(shared))
            w.write(Array(key[shared...]))
            let entry = objects[key]!
            w.write(entry.revision)
            w.write(entry.version)
            previous = key
        }
        return w.bytes
    }

    /// - Throws: ``ProjectionDecodingError`` on bytes that are not such a snapshot: wrong magic or
    ///   version, truncation, a shared prefix longer than the previous key, keys out of order or
    ///   repeated, an entry newer than the snapshot, trailing bytes.
    public init(decoding bytes: [UInt8]) throws {
        var r = try SnapshotReader(bytes, magic: Self.name, version: Self.snapshotVersion, projection: Self.name)
        self.init()
        lastRevision = try r.readUInt()
        // Each entry takes at least 4 bytes, which bounds the count before reserving.
        let count = try r.readUInt()
        guard count <= UInt64(bytes.count - r.position) / 4 else { throw r.failure("count \(count) exceeds the data") }
        objects.reserveCapacity(Int(count))
        var previous: [UInt8] = []
        for _ in 0..<count {
            let shared = try r.readUInt()
            guard shared <= UInt64(previous.count) else {
                throw r.failure("shared prefix \(shared) longer than the previous key")
            }
            var key = Array(previous[..<Int(shared)])
            key += try r.readBytes()
            guard previous.isEmpty || previous.lexicographicallyPrecedes(key) else {
                throw r.failure("keys out of order")
            }
            guard !key.isEmpty else { throw r.failure("empty key") }
            let entry = Entry(revision: try r.readUInt(), version: try r.readUInt())
            guard entry.revision <= lastRevision else {
                throw r.failure("entry at revision \(entry.revision) after the snapshot's \(lastRevision)")
            }
            objects[key] = entry
            previous = key
        }
        try r.finish()
    }
}

extension LiveObjectsProjection {
    /// The live objects of snapshot `bytes` whose key starts with `scope`, in key order, and the
    /// revision the snapshot is at: what ``entries(scope:where:)`` gives on the decoded state,
    /// read straight from the bytes. The keys before the scope are rebuilt in one reused buffer
    /// and skipped, reading stops at the first key after it, and no set of every live object (of
    /// every kind) is built, so a query for one kind costs about that kind's entries.
    ///
    /// - Throws: ``ProjectionDecodingError`` on bytes that are not such a snapshot, as far as they
    ///   are read (wrong magic or version, truncation, a bad shared prefix, keys out of order).
    public static func entries(
        decoding bytes: [UInt8], scope: [UInt8]
    ) throws(ProjectionDecodingError) -> (lastRevision: UInt64, entries: [(key: [UInt8], entry: Entry)]) {
        var r = try SnapshotReader(bytes, magic: Self.name, version: Self.snapshotVersion, projection: Self.name)
        let lastRevision = try r.readUInt()
        let count = try r.readUInt()
        guard count <= UInt64(bytes.count - r.position) / 4 else { throw r.failure("count \(count) exceeds the data") }
        var out: [(key: [UInt8], entry: Entry)] = []
        var key: [UInt8] = []
        key.reserveCapacity(256)
        var previousLength = 0
        for index in 0..<count {
            let shared = try r.readUInt()
            guard shared <= UInt64(previousLength) else {
                throw r.failure("shared prefix \(shared) longer than the previous key")
            }
            let suffix = try r.readBytes()
            // Keys ascend: past the shared prefix, the new bytes must follow the previous key's.
            if index > 0 {
                guard key[Int(shared)...].lexicographicallyPrecedes(suffix) else {
                    throw r.failure("keys out of order")
                }
            } else if suffix.isEmpty {
                throw r.failure("empty key")
            }
            key.removeSubrange(Int(shared)...)
            key.append(contentsOf: suffix)
            previousLength = key.count
            let revision = try r.readUInt()
            let version = try r.readUInt()
            guard revision <= lastRevision else {
                throw r.failure("entry at revision \(revision) after the snapshot's \(lastRevision)")
            }
            if key.starts(with: scope) {
                out.append((key, Entry(revision: revision, version: version)))
            } else if !out.isEmpty || scope.lexicographicallyPrecedes(key) {
                break  // past the scope: every later key is too
            }
        }
        return (lastRevision, out)
    }

    /// `base` (in key order) with the last write of each key in `changes` applied: a delete
    /// removes the key, any other write sets it to that event's revision and object version.
    /// The result is in key order.
    static func merged(
        _ base: [(key: [UInt8], entry: Entry)], _ changes: [[UInt8]: ObjectWrite]
    ) -> [(key: [UInt8], entry: Entry)] {
        guard !changes.isEmpty else { return base }
        let sorted = changes.values.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var out: [(key: [UInt8], entry: Entry)] = []
        out.reserveCapacity(base.count + sorted.count)
        var i = 0
        for w in sorted {
            while i < base.count, base[i].key.lexicographicallyPrecedes(w.key) {
                out.append(base[i])
                i += 1
            }
            if i < base.count, base[i].key == w.key { i += 1 }
            if w.verb != .delete { out.append((w.key, Entry(revision: w.revision, version: w.objectVersion))) }
        }
        out.append(contentsOf: base[i...])
        return out
    }
}
