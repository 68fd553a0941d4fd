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
