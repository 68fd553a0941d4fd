internal import Ledger

extension StatefulSetIdentityProjection {
    static let snapshotVersion: UInt64 = 2

    public func encoded() -> [UInt8] {
        var w = SnapshotWriter(magic: Self.name, version: Self.snapshotVersion)
        w.write(lastRevision)
        w.write(sets)
        w.write(pods)
        w.write(livePods)
        w.write(UInt64(claims.count))
        for k in claims.keys.sorted() {
            w.write(k)
            w.write(claims[k]!)
        }
        w.write(volumes)
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = try SnapshotReader(bytes, magic: Self.name, version: Self.snapshotVersion, projection: Self.name)
        self.init()
        lastRevision = try r.readUInt()
        sets = try r.readMap()
        pods = try r.readMap()
        livePods = try r.readStringMap()
        let n = try r.readCount()
        for _ in 0..<n {
            let k = try r.readString()
            claims[k] = try r.readArray()
        }
        volumes = try r.readMap()
        try r.finish()
    }
}

extension StatefulSetInfo: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(namespace)
        w.write(name)
        w.write(uid)
        w.write(replicas)
        w.write(ordinalStart)
        w.write(serviceName)
        w.write(claimTemplates)
        w.write(whenScaled)
        w.write(whenDeleted)
        w.write(created)
        w.write(deleted)
        w.write(replicaHistory)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        namespace = try r.readString()
        name = try r.readString()
        uid = try r.readString()
        replicas = try r.readInt()
        ordinalStart = try r.readInt()
        serviceName = try r.readString()
        claimTemplates = try r.readStrings()
        whenScaled = try r.readString()
        whenDeleted = try r.readString()
        created = try r.read()
        deleted = try r.readOptional()
        replicaHistory = try r.readArray()
    }
}

extension ReplicasAt: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(at)
        w.write(replicas)
    }
    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        at = try r.read()
        replicas = try r.readInt()
    }
}

extension NodeSpan: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(node)
        w.write(from)
    }
    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        node = try r.readString()
        from = try r.read()
    }
}

extension VolumeSpan: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(volume)
        w.write(from)
    }
    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        volume = try r.readString()
        from = try r.read()
    }
}

extension StatefulPodIncarnation: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(uid)
        w.write(namespace)
        w.write(setName)
        w.write(ordinal)
        w.write(podName)
        w.write(hostname)
        w.write(phase)
        w.write(ready)
        w.write(claimNames)
        w.write(nodes)
        w.write(created)
        w.write(terminating)
        w.write(deleted)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        uid = try r.readString()
        namespace = try r.readString()
        setName = try r.readString()
        ordinal = try r.readInt()
        podName = try r.readString()
        hostname = try r.readString()
        phase = try r.readString()
        ready = try r.readBool()
        claimNames = try r.readStrings()
        nodes = try r.readArray()
        created = try r.read()
        terminating = try r.readOptional()
        deleted = try r.readOptional()
    }
}

extension ClaimIncarnation: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(uid)
        w.write(volumeName)
        w.write(phase)
        w.write(bindings)
        w.write(created)
        w.write(terminating)
        w.write(deleted)
        w.write(ownerPodUID)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        uid = try r.readString()
        volumeName = try r.readString()
        phase = try r.readString()
        bindings = try r.readArray()
        created = try r.read()
        terminating = try r.readOptional()
        deleted = try r.readOptional()
        ownerPodUID = try r.readString()
    }
}

extension VolumeInfo: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(name)
        w.write(uid)
        w.write(claimNamespace)
        w.write(claimName)
        w.write(claimUID)
        w.write(phase)
        w.write(reclaimPolicy)
        w.write(deleted)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        name = try r.readString()
        uid = try r.readString()
        claimNamespace = try r.readString()
        claimName = try r.readString()
        claimUID = try r.readString()
        phase = try r.readString()
        reclaimPolicy = try r.readString()
        deleted = try r.readOptional()
    }
}
