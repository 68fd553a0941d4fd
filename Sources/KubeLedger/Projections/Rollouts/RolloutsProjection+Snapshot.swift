internal import Ledger

extension RolloutsProjection {
    static let snapshotVersion: UInt64 = 1

    public func encoded() -> [UInt8] {
        var w = SnapshotWriter(magic: Self.name, version: Self.snapshotVersion)
        w.write(lastRevision)
        w.write(workloads)
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = try SnapshotReader(bytes, magic: Self.name, version: Self.snapshotVersion, projection: Self.name)
        self.init()
        lastRevision = try r.readUInt()
        workloads = try r.readMap()
        try r.finish()
    }
}

extension WorkloadRollouts: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(kind)
        w.write(namespace)
        w.write(name)
        w.write(uid)
        w.write(revisions)
        w.write(currentIndex)
        w.write(paused)
        w.write(deleted)
        w.write(UInt64(earlierGenerations.count))
        for g in earlierGenerations { w.write(g) }
        w.write(pending)
        w.write(lastRawTemplate)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        kind = try r.readString()
        namespace = try r.readString()
        name = try r.readString()
        uid = try r.readString()
        revisions = try r.readArray()
        currentIndex = try r.readOptionalInt()
        if let c = currentIndex, !revisions.indices.contains(c) {
            throw r.failure("current revision index out of range")
        }
        paused = try r.readBool()
        deleted = try r.readOptional()
        let n = try r.readCount()
        earlierGenerations = []
        for _ in 0..<n { earlierGenerations.append(try r.readArray()) }
        pending = try r.readOptional()
        lastRawTemplate = Array(try r.readBytes())
    }
}

extension RolloutRevision: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(number)
        w.write(formerNumbers)
        w.write(numberObserved)
        w.write(true)  // as `write(template as JSONValue?)` would
        w.write(templateJSON)
        w.write(canonical)
        w.write(templateHash)
        w.write(templateHashDerived)
        w.write(images)
        w.write(changeCause)
        w.write(introduced)
        w.write(objectName)
        w.write(objectDeleted)
        w.write(reactivations)
        w.write(replicas)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        number = try r.readInt()
        formerNumbers = try r.readInts()
        numberObserved = try r.readBool()
        (template, templateJSON) = try r.readJSONKeepingBytes()
        canonical = Array(try r.readBytes())
        templateHash = try r.readString()
        templateHashDerived = try r.readBool()
        images = try r.readStrings()
        changeCause = try r.readOptionalString()
        introduced = try r.read()
        objectName = try r.readOptionalString()
        objectDeleted = try r.readOptional()
        reactivations = try r.readArray()
        replicas = try r.readArray()
    }
}

extension ReplicaCount: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(at)
        w.write(desired)
        w.write(current)
        w.write(ready)
        w.write(available)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        at = try r.read()
        desired = try r.readInt()
        current = try r.readInt()
        ready = try r.readInt()
        available = try r.readInt()
    }
}

extension PendingTemplate: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(template as JSONValue?)
        w.write(canonical)
        w.write(at)
        w.write(changeCause)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        template = try r.readJSON() ?? .object(JSONObject())
        canonical = Array(try r.readBytes())
        at = try r.read()
        changeCause = try r.readOptionalString()
    }
}
