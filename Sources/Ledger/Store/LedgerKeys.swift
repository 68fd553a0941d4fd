import LedgerLMDB

/// Key encodings of the index databases (see docs/on-disk-format.md).
enum LedgerKeys {
    /// The longest field accepted in an index key.
    static let maxKeyField = 400

    /// `events`: revision, 8 bytes big-endian.
    static func revision(_ r: UInt64) -> [UInt8] { ByteEncoding.uint64(r) }

    /// `objects`: object key bytes + revision.
    static func object(_ prefix: [UInt8], _ r: UInt64) -> [UInt8] {
        var k = prefix
        ByteEncoding.appendUInt64(r, to: &k)
        return k
    }

    /// `time`: occurredAt (sign-flipped big-endian) + revision.
    static func time(_ t: Int64, _ r: UInt64) -> [UInt8] {
        var k: [UInt8] = []
        k.reserveCapacity(16)
        ByteEncoding.appendInt64(t, to: &k)
        ByteEncoding.appendUInt64(r, to: &k)
        return k
    }

    /// `actors`: actor + 0 + revision.
    static func actor(_ a: String, _ r: UInt64) -> [UInt8] {
        var k = Array(a.utf8)
        k.append(0)
        ByteEncoding.appendUInt64(r, to: &k)
        return k
    }

    /// `ids`: the join entry of an object version (`0x01` uid `/` resourceVersion).
    static func join(uid: String, resourceVersion: String) -> [UInt8]? {
        guard !uid.isEmpty, !resourceVersion.isEmpty else { return nil }
        return [0x01] + Array(uid.utf8) + [UInt8(ascii: "/")] + Array(resourceVersion.utf8)
    }

    /// `ids`: the provenance amendment of a revision (`0x02` + revision).
    static func amendment(_ r: UInt64) -> [UInt8] {
        var k: [UInt8] = [0x02]
        ByteEncoding.appendUInt64(r, to: &k)
        return k
    }

    /// `uids` (format 2; since format 5 only where a uid's run begins or ends, ``UIDRuns``): uid + 0 + revision.
    static func uid(_ u: String, _ r: UInt64) -> [UInt8] { uid(Array(u.utf8), r) }

    /// `uids`: uid bytes + 0 + revision.
    static func uid(_ u: [UInt8], _ r: UInt64) -> [UInt8] {
        var k = u
        k.append(0)
        ByteEncoding.appendUInt64(r, to: &k)
        return k
    }

    /// `objects` value: object version (8 bytes) + verb (1 byte).
    static func objectValue(version: UInt64, verb: Verb) -> [UInt8] {
        var v = ByteEncoding.uint64(version)
        v.append(verb.rawValue)
        return v
    }
}

/// Names of the named databases and `meta` keys.
enum LedgerNames {
    static let events = "events"
    static let objects = "objects"
    static let time = "time"
    static let ids = "ids"
    static let actors = "actors"
    /// Format 2: uid + revision, so one pod's (or any object's) lifecycle is an O(log n) seek.
    static let uids = "uids"
    static let snapshots = "snapshots"
    static let checkpoints = "checkpoints"
    /// Format 4: derived caches (name → revision + bytes), apart from projection snapshots.
    static let caches = "caches"
    /// Names of derived caches kept in `snapshots` before format 4 (moved by `0004-derived-caches`).
    static let workloadRolloutsPrefix = "workload-rollouts-"
    static let meta = "meta"

    static let formatKey = Array("format".utf8)
    static let chainHeadKey = Array("chainHead".utf8)
    /// `meta`: how many provenance amendments were ever written (u64), so caches of folds that
    /// include actors can tell they may be out of date.
    static let amendmentsKey = Array("amendments".utf8)
    /// `meta`: the ``OccurrenceClock`` (32 bytes), kept in the transaction of the events it covers.
    static let clockKey = Array("clock".utf8)
    static let createdAtKey = Array("createdAt".utf8)
    static let migrationsKey = Array("migrations".utf8)
    /// `meta`: a recorder cursor (`cursor/<name>` → value), written with the events it covers.
    static let cursorPrefix = Array("cursor/".utf8)
    static func cursorKey(_ name: String) -> [UInt8] { cursorPrefix + Array(name.utf8) }
}
