import LedgerLMDB

/// A projection's progress: the last revision folded into its stored state, and that state's
/// checksum.
public struct Checkpoint: Sendable, Hashable {
    /// The projection's name.
    public var name: String
    /// The last revision folded.
    public var revision: UInt64
    /// The checksum of the state at ``revision``.
    public var checksum: [UInt8]
}

extension Ledger {
    static func snapshotKey(_ name: String, _ r: UInt64) -> [UInt8] {
        var k = Array(name.utf8)
        k.append(0)
        ByteEncoding.appendUInt64(r, to: &k)
        return k
    }

    /// The checkpoint of projection `name`, if it has one.
    public func checkpoint(_ name: String) throws -> Checkpoint? {
        try environment.read { txn in
            guard let v = try txn.getBytes(checkpoints, key: Array(name.utf8)), v.count == 40 else { return nil }
            return Checkpoint(
                name: name, revision: v.withUnsafeBytes { ByteEncoding.readUInt64($0, at: 0) }, checksum: Array(v[8...])
            )
        }
    }

    /// The latest stored snapshot of projection `name` at or before revision `r`.
    public func snapshot(_ name: String, atOrBefore r: UInt64) throws -> (revision: UInt64, bytes: [UInt8])? {
        let prefix = Array(name.utf8) + [0]
        return try environment.read { txn in
            try txn.withCursor(snapshots) { c in
                guard let e = try c.seek(atMost: Self.snapshotKey(name, r)), e.key.count == prefix.count + 8,
                    e.key.starts(with: prefix)
                else {
                    return nil
                }
                return (ByteEncoding.readUInt64(e.key, at: prefix.count), Array(e.value))
            }
        }
    }

    /// Revisions of every stored snapshot of projection `name`.
    public func snapshotRevisions(_ name: String) throws -> [UInt64] {
        let prefix = Array(name.utf8) + [0]
        return try environment.read { txn in
            try txn.withCursor(snapshots) { c in
                var out: [UInt64] = []
                var e = try c.seek(atLeast: prefix)
                while let en = e, en.key.count == prefix.count + 8, en.key.starts(with: prefix) {
                    out.append(ByteEncoding.readUInt64(en.key, at: prefix.count))
                    e = try c.next()
                }
                return out
            }
        }
    }

    /// Stores snapshots of projection `name` and moves its checkpoint to the last of them, in
    /// one write transaction: the read model and its checkpoint always agree.
    public func storeSnapshots(_ name: String, _ states: [(revision: UInt64, bytes: [UInt8], checksum: [UInt8])]) throws
    {
        guard let last = states.last else { return }
        try environment.write { txn in
            for s in states {
                try txn.put(snapshots, key: Self.snapshotKey(name, s.revision), value: s.bytes)
            }
            var v = ByteEncoding.uint64(last.revision)
            v.append(contentsOf: last.checksum)
            try txn.put(checkpoints, key: Array(name.utf8), value: v)
        }
    }

    /// Removes the snapshots of projection `name` at or after revision `from` and moves its
    /// checkpoint to `checkpoint` (the remaining snapshot before, with its state's checksum), or
    /// removes it when `nil`, in one write transaction.
    public func truncateSnapshots(
        _ name: String, from: UInt64, checkpoint: (revision: UInt64, checksum: [UInt8])?
    ) throws {
        try environment.write { txn in
            var keys: [[UInt8]] = []
            try txn.withCursor(snapshots) { c in
                let prefix = Array(name.utf8) + [0]
                var e = try c.seek(atLeast: Self.snapshotKey(name, from))
                while let en = e, en.key.count == prefix.count + 8, en.key.starts(with: prefix) {
                    keys.append(Array(en.key))
                    e = try c.next()
                }
            }
            for k in keys { try txn.delete(snapshots, key: k) }
            if let checkpoint {
                try txn.put(
                    checkpoints, key: Array(name.utf8),
                    value: ByteEncoding.uint64(checkpoint.revision) + checkpoint.checksum)
            } else {
                try txn.delete(checkpoints, key: Array(name.utf8))
            }
        }
    }

    /// The suffix of the names of snapshots kept by occurrence time (see
    /// ``storeOccurrenceSnapshots(_:_:foldedThrough:)``).
    public static let occurrenceSuffix = "@occurrence"

    /// The key of an occurrence snapshot: `name@occurrence` 0 + occurrence time, sign-flipped
    /// big-endian (numeric order).
    static func occurrenceSnapshotKey(_ name: String, _ t: Int64) -> [UInt8] {
        snapshotKey(name + occurrenceSuffix, UInt64(bitPattern: t) ^ (1 << 63))
    }

    /// Stores snapshots of projection `name` kept by occurrence time: each state holds every
    /// event that occurred at or before its time among those appended up to its `knownThrough`
    /// revision, folded by position. The checkpoint `name@occurrence` records `foldedThrough`, the
    /// head the fold reached. An event appended later that occurred at or before a snapshot's time
    /// removes that snapshot (and the checkpoint) in its own transaction, so every stored one is
    /// exact for the head.
    public func storeOccurrenceSnapshots(
        _ name: String, _ states: [(occurredAt: Int64, knownThrough: UInt64, bytes: [UInt8])], foldedThrough: UInt64
    ) throws {
        try environment.write { txn in
            for s in states {
                try txn.put(
                    snapshots, key: Self.occurrenceSnapshotKey(name, s.occurredAt),
                    value: ByteEncoding.uint64(s.knownThrough) + s.bytes)
            }
            try txn.put(
                checkpoints, key: Array((name + Self.occurrenceSuffix).utf8), value: ByteEncoding.uint64(foldedThrough))
        }
    }

    /// How far the occurrence snapshots of projection `name` were folded (the head then), or
    /// `nil` when never, or when a late event removed some since.
    public func occurrenceCheckpoint(_ name: String) throws -> UInt64? {
        try environment.read { txn in
            guard let v = try txn.getBytes(checkpoints, key: Array((name + Self.occurrenceSuffix).utf8)), v.count == 8
            else { return nil }
            return v.withUnsafeBytes { ByteEncoding.readUInt64($0, at: 0) }
        }
    }

    /// The latest occurrence snapshot of projection `name` at or before time `t` whose events
    /// were all appended by revision `maxKnown`.
    public func occurrenceSnapshot(
        _ name: String, atOrBefore t: Int64, knownThrough maxKnown: UInt64 = .max
    ) throws -> (occurredAt: Int64, knownThrough: UInt64, bytes: [UInt8])? {
        let prefix = Array((name + Self.occurrenceSuffix).utf8) + [0]
        return try environment.read { txn in
            try txn.withCursor(snapshots) { c in
                var e = try c.seek(atMost: Self.occurrenceSnapshotKey(name, t))
                while let en = e, en.key.count == prefix.count + 8, en.key.starts(with: prefix), en.value.count >= 8 {
                    let known = ByteEncoding.readUInt64(en.value, at: 0)
                    if known <= maxKnown {
                        let flipped = ByteEncoding.readUInt64(en.key, at: prefix.count)
                        return (Int64(bitPattern: flipped ^ (1 << 63)), known, Array(en.value[8...]))
                    }
                    e = try c.previous()
                }
                return nil
            }
        }
    }

    /// In an append's transaction: an event that occurred at `t` and was appended after events
    /// that occurred later removes every occurrence snapshot at or after `t` (they lack it) and
    /// the occurrence checkpoints, so the write side folds again from the snapshot before.
    func dropOccurrenceSnapshots(_ txn: borrowing Transaction, from t: Int64) throws {
        let suffix = Array((Self.occurrenceSuffix).utf8) + [0]
        var doomed: [[UInt8]] = []
        try txn.withCursor(snapshots) { c in
            var e = try c.first()
            while let en = e, en.key.count > 8 {
                let name = Array(en.key[0..<(en.key.count - 8)])  // name + 0
                if name.count > suffix.count, name.suffix(suffix.count).elementsEqual(suffix) {
                    var from = name
                    ByteEncoding.appendUInt64(UInt64(bitPattern: t) ^ (1 << 63), to: &from)
                    var d = try c.seek(atLeast: from)
                    while let dn = d, dn.key.count == name.count + 8, dn.key.starts(with: name) {
                        doomed.append(Array(dn.key))
                        d = try c.next()
                    }
                }
                e = try c.seek(atLeast: name + [UInt8](repeating: 0xFF, count: 9))
            }
        }
        for k in doomed { try txn.delete(snapshots, key: k) }
        // Every occurrence checkpoint, with snapshots or not: the fold must see the late event.
        var stale: [[UInt8]] = []
        try txn.withCursor(checkpoints) { c in
            var e = try c.first()
            while let en = e {
                if en.key.count > suffix.count - 1, en.key.suffix(suffix.count - 1).elementsEqual(suffix.dropLast()) {
                    stale.append(Array(en.key))
                }
                e = try c.next()
            }
        }
        for k in stale { try txn.delete(checkpoints, key: k) }
    }

    /// Removes every snapshot and the checkpoint of projection `name` (a full rebuild follows).
    public func dropProjection(_ name: String) throws {
        let prefix = Array(name.utf8) + [0]
        try environment.write { txn in
            var keys: [[UInt8]] = []
            try txn.withCursor(snapshots) { c in
                var e = try c.seek(atLeast: prefix)
                while let en = e, en.key.starts(with: prefix) {
                    keys.append(Array(en.key))
                    e = try c.next()
                }
            }
            for k in keys { try txn.delete(snapshots, key: k) }
            try txn.delete(checkpoints, key: Array(name.utf8))
        }
    }

    /// The events at `revisions` (ascending), read in one transaction.
    public func events(at revisions: [UInt64], includeBody: Bool = true) throws -> [RecordedEvent] {
        try environment.read { txn in
            try revisions.compactMap { try event(txn, at: $0, includeBody: includeBody) }
        }
    }

    /// Distinct object keys of `groupKind` in `namespace` whose name starts with `namePrefix`
    /// (`apps/ReplicaSet`, `prod`, `web-` finds the ReplicaSets of Deployment `web`).
    public func objectKeys(groupKind: String, namespace: String, namePrefix: String) throws -> [ObjectKey] {
        let scope = Array(groupKind.utf8) + [0] + Array(namespace.utf8) + [0]
        let start = scope + Array(namePrefix.utf8)
        return try environment.read { txn in
            try txn.withCursor(objects) { c in
                var out: [ObjectKey] = []
                var e = try c.seek(atLeast: start)
                while let en = e, en.key.starts(with: start), en.key.count > 8 {
                    let prefix = Array(en.key[0..<(en.key.count - 8)])
                    if let key = ObjectKey(encoded: prefix) { out.append(key) }
                    e = try c.seek(atLeast: prefix + [UInt8](repeating: 0xFF, count: 9))
                }
                return out
            }
        }
    }
}
