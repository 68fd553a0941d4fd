public import Ledger

/// One pod's row of `kubectl get pods` (and `-o wide`), kept as what does not depend on when the
/// table is shown, plus the two times that do (AGE and the `(5m ago)` of RESTARTS).
///
/// The same cells as ``GetView/table(kind:objects:bodies:at:options:)`` prints for the pod (that
/// table builds its Pod cells through this type), so a row computed once per pod version and
/// kept in the `pod-rows` cache (``PodRowCache``) prints byte for byte what parsing the object
/// again would. Labels are not kept: `--show-labels`, `-L` and selectors read the objects.
///
/// ```swift
/// let row = PodRow(key: key, body: body)      // nil: the table would skip this object
/// let cells = row?.cells(at: reference)
/// ```
public struct PodRow: Sendable, Hashable {
    /// `metadata.namespace` (the key's when the stored object has none).
    public var namespace: String
    /// `metadata.name`.
    public var name: String
    /// `metadata.creationTimestamp`, when it is a valid RFC 3339 time (AGE).
    public var created: Timestamp?
    /// Whether the pod's fields could be picked (otherwise kubectl's empty row: `0/0`, no status).
    public var summarized: Bool
    /// READY (`1/2`).
    public var ready: String
    /// STATUS.
    public var status: String
    /// RESTARTS' count.
    public var restarts: Int
    /// When the last restart happened, if known (RESTARTS' `(5m ago)`).
    public var lastRestart: Timestamp?
    /// IP, NODE, NOMINATED NODE and READINESS GATES (`-o wide`).
    public var ip: String
    public var node: String
    public var nominatedNode: String
    public var readinessGates: String

    /// The row of a pod whose `metadata` is `metadata` (a tree with at least `namespace`, `name`
    /// and `creationTimestamp`) and whose other columns come from `summary` (`nil`: none could be
    /// picked).
    public init(metadata: JSONValue?, summary: PodSummary?) {
        namespace = metadata?["namespace"]?.stringValue ?? ""
        name = metadata?["name"]?.stringValue ?? ""
        created = metadata?["creationTimestamp"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
        guard let s = summary else {
            summarized = false
            (ready, status, restarts, lastRestart) = ("0/0", "", 0, nil)
            (ip, node, nominatedNode, readinessGates) = ("<none>", "<none>", "<none>", "<none>")
            return
        }
        let p = s.printed
        summarized = true
        ready = p.ready
        status = p.status
        restarts = p.restarts
        lastRestart = p.lastRestart
        ip = s.podIP.nilIfEmpty ?? "<none>"
        node = s.nodeName.nilIfEmpty ?? "<none>"
        nominatedNode = s.nominatedNodeName.nilIfEmpty ?? "<none>"
        readinessGates = p.readinessGates
    }

    /// The row of the stored pod `body` at `key`, as `get pods` reads it (`metadata` parsed, the
    /// other columns picked from the bytes); `nil` when the body is not JSON, which the table
    /// leaves out.
    public init?(key: ObjectKey, body: [UInt8]) {
        guard let value = try? JSONReader.parseMetadata(body, maxDepth: 10_000) else { return nil }
        self.init(metadata: History.namespaced(value, key)["metadata"], summary: PodSummary(json: body))
    }

    /// The standard cells (NAME, READY, STATUS, RESTARTS, AGE) and the wide ones, with times as
    /// of `reference`, before kubectl's cell printing (``GetView`` cuts line breaks).
    public func cells(at reference: Timestamp) -> (standard: [String], wide: [String]) {
        var restartCell = String(restarts)
        if summarized, restarts != 0, let last = lastRestart {
            restartCell += " (\(KubectlAge.since(last, at: reference)) ago)"
        }
        return (
            [name, ready, status, restartCell, KubectlAge.since(created, at: reference)],
            [ip, node, nominatedNode, readinessGates]
        )
    }
}

// MARK: - Cache encoding

extension PodRow {
    /// The layout version; a cache entry of another version is recomputed, never misread.
    public static let encodingVersion: UInt8 = 1

    /// What the cache holds for one pod version: its row, or that the table leaves it out.
    public enum Cached: Sendable, Hashable {
        /// The pod's row.
        case row(PodRow)
        /// The object is not one the table prints (its body is not JSON).
        case skipped
    }

    /// `cached` as cache bytes: the version, a flag byte (1: row present, 2: created, 4: last
    /// restart, 8: summarized), the times (zigzag varints), the restart count, then the eight
    /// strings length-prefixed.
    public static func encoded(_ cached: Cached) -> [UInt8] {
        var w = SnapshotWriter()
        w.write(byte: encodingVersion)
        guard case .row(let row) = cached else {
            w.write(byte: 0)
            return w.bytes
        }
        var flags: UInt8 = 1
        if row.created != nil { flags |= 2 }
        if row.lastRestart != nil { flags |= 4 }
        if row.summarized { flags |= 8 }
        w.write(byte: flags)
        if let t = row.created { w.write(t.nanoseconds) }
        if let t = row.lastRestart { w.write(t.nanoseconds) }
        w.write(Int64(row.restarts))
        for s in [
            row.namespace, row.name, row.ready, row.status, row.ip, row.node, row.nominatedNode, row.readinessGates,
        ] {
            w.write(s)
        }
        return w.bytes
    }

    /// Reads what ``encoded(_:)`` wrote; `nil` for any other bytes (another version, truncation,
    /// unknown flags, invalid UTF-8, trailing bytes): the caller computes the row again.
    public static func decoded(_ bytes: [UInt8]) -> Cached? {
        var r = RowReader(bytes: bytes)
        guard r.byte() == encodingVersion, let flags = r.byte(), flags & ~15 == 0 else { return nil }
        guard flags & 1 != 0 else { return flags == 0 && r.atEnd ? .skipped : nil }
        var created: Timestamp?
        var lastRestart: Timestamp?
        if flags & 2 != 0 {
            guard let t = r.int64() else { return nil }
            created = Timestamp(nanoseconds: t)
        }
        if flags & 4 != 0 {
            guard let t = r.int64() else { return nil }
            lastRestart = Timestamp(nanoseconds: t)
        }
        guard let restarts = r.int64(), let count = Int(exactly: restarts) else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(8)
        for _ in 0..<8 {
            guard let s = r.string() else { return nil }
            strings.append(s)
        }
        guard r.atEnd else { return nil }
        var row = PodRow(metadata: nil, summary: nil)
        (row.namespace, row.name, row.ready, row.status) = (strings[0], strings[1], strings[2], strings[3])
        (row.ip, row.node, row.nominatedNode, row.readinessGates) = (strings[4], strings[5], strings[6], strings[7])
        row.created = created
        row.lastRestart = lastRestart
        row.restarts = count
        row.summarized = flags & 8 != 0
        return .row(row)
    }
}

/// Reads ``PodRow/encoded(_:)``'s bytes (``SnapshotWriter``'s varints and strings); every read is
/// bounds-checked and returns `nil` past the end.
private struct RowReader {
    let bytes: [UInt8]
    var position = 0

    var atEnd: Bool { position == bytes.count }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func uint() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while let b = byte() {
            guard shift < 64 else { return nil }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
        return nil
    }

    mutating func int64() -> Int64? {
        guard let u = uint() else { return nil }
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func string() -> String? {
        guard let n = uint(), n <= UInt64(bytes.count - position) else { return nil }
        let slice = bytes[position..<(position + Int(n))]
        position += Int(n)
        return String(validating: slice, as: UTF8.self)
    }
}
