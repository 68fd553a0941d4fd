internal import Ledger

extension PodsProjection {
    static let snapshotVersion: UInt64 = 1

    public func encoded() -> [UInt8] {
        var w = SnapshotWriter(magic: Self.name, version: Self.snapshotVersion)
        w.write(lastRevision)
        w.write(pods)
        w.write(lifecycles)
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = try SnapshotReader(bytes, magic: Self.name, version: Self.snapshotVersion, projection: Self.name)
        self.init()
        lastRevision = try r.readUInt()
        pods = try r.readMap()
        lifecycles = try r.readMap()
        goneCount = lifecycles.values.reduce(0) { $0 + ($1.isGone ? 1 : 0) }
        try r.finish()
    }
}

extension PodState: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(namespace)
        w.write(name)
        w.write(uid)
        w.write(phase)
        w.write(node)
        w.write(podIP)
        w.write(nominatedNode)
        w.write(ownerKind)
        w.write(ownerName)
        w.write(restarts)
        w.write(lastRestart?.nanoseconds)
        w.write(readyContainers)
        w.write(totalContainers)
        w.write(status)
        w.write(readinessGates)
        w.write(ready)
        w.write(labels)
        w.write(creationTimestamp)
        w.write(deletionTimestamp)
        w.write(updated)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        namespace = try r.readString()
        name = try r.readString()
        uid = try r.readString()
        phase = try r.readString()
        node = try r.readString()
        podIP = try r.readString()
        nominatedNode = try r.readString()
        ownerKind = try r.readOptionalString()
        ownerName = try r.readOptionalString()
        restarts = try r.readInt()
        lastRestart = try r.readOptionalInt64().map(Timestamp.init(nanoseconds:))
        readyContainers = try r.readInt()
        totalContainers = try r.readInt()
        status = try r.readString()
        readinessGates = try r.readString()
        ready = try r.readBool()
        labels = try r.readStringMap()
        creationTimestamp = try r.readOptionalString()
        deletionTimestamp = try r.readOptionalString()
        updated = try r.read()
    }
}

extension PodLifecycle: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(uid)
        w.write(namespace)
        w.write(name)
        w.write(owner)
        w.write(events)
        w.write(isGone)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        uid = try r.readString()
        namespace = try r.readString()
        name = try r.readString()
        owner = try r.readOptionalString()
        events = try r.readArray()
        isGone = try r.readBool()
    }
}

extension PodLifecycleEvent: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(at)
        w.write(kind.rawValue)
        w.write(detail)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        at = try r.read()
        let k = try r.readString()
        guard let kind = Kind(rawValue: k) else { throw r.failure("unknown lifecycle event \(k)") }
        self.kind = kind
        detail = try r.readString()
    }
}
