import Crypto

/// The binary encoding of a stored event (format 1). See docs/on-disk-format.md.
///
/// ```
/// 0   u8   record format (1)
/// 1   u8   verb           2  u8  source        3  u8  flags (bit 0: has body, bit 1: joins by object version,
///                                                       bit 2 (format 3): body is a zstd frame)
/// 4   u64  revision       12 i64 recordedAt ns  20 i64 occurredAt ns   28 u64 objectVersion
/// 36  [32] previous hash
/// 68  strings, each a LEB128 length then UTF-8: apiVersion kind namespace name uid subresource
///     resourceVersion actor userAgent sourceIP eventID; count + groups; count + annotation pairs;
///     if has body: length + body bytes (the object JSON, verbatim)
/// if compressed: [8] seal: the first 8 bytes of SHA-256 of every stored byte before it
/// end-32 [32] SHA-256 of every byte before it, as if the body were stored uncompressed
/// ```
///
/// All fixed-width integers are big-endian. The header decodes without touching the body.
///
/// A compressed body (flag bit 2) is a zstd frame made with a built-in dictionary
/// (``BuiltInDictionary``). The hash covers the *logical* record: the same bytes with bit 2 clear
/// and the uncompressed body in place of the frame. So compression is a storage detail: the
/// chain, `export`, and a re-import give the same hashes whether or not (and however) bodies were
/// compressed, and `verify` checks the object bytes a reader gets, after decompression.
/// A zstd frame is not canonical (some header and block bits change no output), so a compressed
/// record also carries a seal over its stored bytes: every flipped bit is still detected.
enum RecordCodec {
    static let format: UInt8 = 1
    static let hashSize = 32
    static let prevHashOffset = 36
    static let headerSize = 68
    /// Flag bit 2: the body is a zstd frame.
    static let compressedFlag: UInt8 = 4
    /// The seal of a compressed record (before the hash).
    static let sealSize = 8

    /// The bytes after the body: the hash, and the seal of a compressed record.
    @inline(__always)
    static func trailerSize(_ record: UnsafeRawBufferPointer) -> Int {
        record[3] & compressedFlag != 0 ? hashSize + sealSize : hashSize
    }

    /// The fields the store assigns.
    struct Assigned {
        var revision: UInt64
        var recordedAt: Int64
        var objectVersion: UInt64
        var previousHash: UnsafeRawBufferPointer
    }

    // MARK: - Size

    @inline(__always)
    static func varintSize(_ v: Int) -> Int {
        var n = 1
        var x = UInt64(v) >> 7
        while x != 0 {
            n += 1
            x >>= 7
        }
        return n
    }

    @inline(__always)
    static func stringSize(_ s: String) -> Int {
        let c = s.utf8.count
        return varintSize(c) + c
    }

    /// The record size for `e`; `storedBodyCount` is the size of the compressed frame when the
    /// body is stored compressed.
    static func encodedSize(_ e: NewEvent, storedBodyCount: Int? = nil) -> Int {
        var n = headerSize + hashSize
        n += stringSize(e.object.apiVersion) + stringSize(e.object.kind) + stringSize(e.object.namespace)
        n += stringSize(e.object.name) + stringSize(e.object.uid) + stringSize(e.subresource)
        n += stringSize(e.resourceVersion) + stringSize(e.actor) + stringSize(e.userAgent)
        n += stringSize(e.sourceIP) + stringSize(e.eventID)
        n += varintSize(e.groups.count)
        for g in e.groups { n += stringSize(g) }
        n += varintSize(e.annotations.count)
        for a in e.annotations { n += stringSize(a.key) + stringSize(a.value) }
        if let body = e.body {
            let stored = storedBodyCount ?? body.count
            n += varintSize(stored) + stored
            if storedBodyCount != nil { n += sealSize }
        }
        return n
    }

    // MARK: - Encoding

    /// Writes the record for `e` into `out` (exactly ``encodedSize(_:storedBodyCount:)`` bytes),
    /// its hash last. `compressedBody` is the body's zstd frame, when it is stored compressed.
    static func encode(
        _ e: NewEvent, assigned a: Assigned, compressedBody: [UInt8]? = nil, into out: UnsafeMutableRawBufferPointer
    ) {
        var w = Writer(base: out.baseAddress!, position: 0)
        let flags: UInt8 = (e.body == nil ? 0 : 1) | (e.joinsSameObjectVersion ? 2 : 0)
        let compressed = e.body != nil && compressedBody != nil
        w.byte(format)
        w.byte(e.verb.rawValue)
        w.byte(e.source.rawValue)
        w.byte(flags | (compressed ? compressedFlag : 0))
        w.u64(a.revision)
        w.u64(UInt64(bitPattern: a.recordedAt))
        w.u64(UInt64(bitPattern: e.occurredAt.nanoseconds))
        w.u64(a.objectVersion)
        w.bytes(a.previousHash)
        w.string(e.object.apiVersion)
        w.string(e.object.kind)
        w.string(e.object.namespace)
        w.string(e.object.name)
        w.string(e.object.uid)
        w.string(e.subresource)
        w.string(e.resourceVersion)
        w.string(e.actor)
        w.string(e.userAgent)
        w.string(e.sourceIP)
        w.string(e.eventID)
        w.varint(e.groups.count)
        for g in e.groups { w.string(g) }
        w.varint(e.annotations.count)
        for an in e.annotations {
            w.string(an.key)
            w.string(an.value)
        }
        let bodyStart = w.position
        if let body = e.body {
            let stored = compressed ? compressedBody! : body
            w.varint(stored.count)
            stored.withUnsafeBytes { w.bytes($0) }
        }
        let written = UnsafeRawBufferPointer(start: out.baseAddress, count: w.position)
        if compressed, let body = e.body {
            SHA256.hash(data: written).withUnsafeBytes { w.bytes(UnsafeRawBufferPointer(rebasing: $0[0..<sealSize])) }
            precondition(w.position + hashSize == out.count, "record size mismatch")
            let digest = body.withUnsafeBytes { logicalHash(written, flags: flags, bodyStart: bodyStart, body: $0) }
            digest.withUnsafeBytes { w.bytes($0) }
        } else {
            precondition(w.position + hashSize == out.count, "record size mismatch")
            SHA256.hash(data: written).withUnsafeBytes { w.bytes($0) }
        }
    }

    /// SHA-256 of the logical record: `record`'s bytes before `bodyStart` with `flags` in place
    /// of the stored flags byte, then the uncompressed body with its length.
    private static func logicalHash(
        _ record: UnsafeRawBufferPointer, flags: UInt8, bodyStart: Int, body: UnsafeRawBufferPointer
    ) -> SHA256.Digest {
        var h = SHA256()
        h.update(bufferPointer: UnsafeRawBufferPointer(rebasing: record[0..<3]))
        withUnsafeBytes(of: flags) { h.update(bufferPointer: $0) }
        h.update(bufferPointer: UnsafeRawBufferPointer(rebasing: record[4..<bodyStart]))
        // The LEB128 length, written into 10 bytes on the stack by the record writer.
        withUnsafeTemporaryAllocation(byteCount: 10, alignment: 1) { buffer in
            var w = Writer(base: buffer.baseAddress!, position: 0)
            w.varint(body.count)
            h.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<w.position]))
        }
        h.update(bufferPointer: body)
        return h.finalize()
    }

    /// Whether the record's body is stored as a zstd frame.
    static func isCompressed(_ record: UnsafeRawBufferPointer) -> Bool {
        record.count >= headerSize + hashSize && record[3] & 1 != 0 && record[3] & compressedFlag != 0
    }

    /// SHA-256 of `record`'s logical form (see the type's documentation), to compare with its
    /// stored hash. A compressed record whose seal does not match its bytes, or whose body cannot
    /// be decompressed, gives an empty array, which never matches a stored hash.
    static func computeHash(_ record: UnsafeRawBufferPointer, pool: ZstdContextPool? = nil) -> [UInt8] {
        guard isCompressed(record) else {
            return Array(SHA256.hash(data: UnsafeRawBufferPointer(rebasing: record[0..<(record.count - hashSize)])))
        }
        guard record.count >= headerSize + hashSize + sealSize else { return [] }
        let sealStart = record.count - hashSize - sealSize
        let seal = SHA256.hash(data: UnsafeRawBufferPointer(rebasing: record[0..<sealStart]))
        guard seal.withUnsafeBytes({ $0[0..<sealSize].elementsEqual(record[sealStart..<(sealStart + sealSize)]) })
        else { return [] }
        guard let range = bodyRange(record),
            let body = try? BodyCompressor.decompress(UnsafeRawBufferPointer(rebasing: record[range]), pool: pool)
        else { return [] }
        let bodyStart = range.lowerBound - varintSize(range.count)
        return body.withUnsafeBytes {
            Array(logicalHash(record, flags: record[3] & ~compressedFlag, bodyStart: bodyStart, body: $0))
        }
    }

    /// Calls `visit` with the record's object bytes (decompressed when stored compressed), or
    /// `nil` when it has none.
    static func withBody<R>(
        _ record: UnsafeRawBufferPointer, pool: ZstdContextPool? = nil, _ visit: (UnsafeRawBufferPointer?) throws -> R
    ) throws -> R {
        guard let range = bodyRange(record) else { return try visit(nil) }
        let stored = UnsafeRawBufferPointer(rebasing: record[range])
        guard record[3] & compressedFlag != 0 else { return try visit(stored) }
        let body: [UInt8]
        do { body = try BodyCompressor.decompress(stored, pool: pool) } catch {
            throw LedgerError.corruptRecord(revision: revision(record), reason: "compressed body: \(error.reason)")
        }
        return try body.withUnsafeBytes { try visit($0) }
    }

    /// The stored hash (the last 32 bytes).
    static func storedHash(_ record: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: record[(record.count - hashSize)...])
    }

    static func previousHash(_ record: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: record[prevHashOffset..<(prevHashOffset + hashSize)])
    }

    static func revision(_ record: UnsafeRawBufferPointer) -> UInt64 {
        UInt64(bigEndian: record.loadUnaligned(fromByteOffset: 4, as: UInt64.self))
    }

    // MARK: - Decoding

    /// Decodes a record. With `includeBody` false the body is not copied.
    /// `pool` lends a decompression context for a compressed body.
    static func decode(
        _ record: UnsafeRawBufferPointer, includeBody: Bool = true, pool: ZstdContextPool? = nil
    ) throws(LedgerError) -> RecordedEvent {
        var r = Reader(bytes: record, position: 0)
        guard record.count >= headerSize + hashSize else {
            throw .corruptRecord(revision: 0, reason: "record is \(record.count) bytes, shorter than a header")
        }
        let revision = UInt64(bigEndian: record.loadUnaligned(fromByteOffset: 4, as: UInt64.self))
        func corrupt(_ why: String) -> LedgerError { .corruptRecord(revision: revision, reason: why) }
        guard record[0] == format else { throw corrupt("unknown record format \(record[0])") }
        guard let verb = Verb(rawValue: record[1]) else { throw corrupt("unknown verb code \(record[1])") }
        guard let source = EventSource(rawValue: record[2]) else { throw corrupt("unknown source code \(record[2])") }
        let hasBody = record[3] & 1 != 0
        r.position = 12
        let recordedAt = Int64(bitPattern: r.u64())
        let occurredAt = Int64(bitPattern: r.u64())
        let objectVersion = r.u64()
        let prev = Array(UnsafeRawBufferPointer(rebasing: record[prevHashOffset..<headerSize]))
        r.position = headerSize
        guard record.count >= headerSize + trailerSize(record) else { throw corrupt("record too short for its seal") }
        r.limit = record.count - trailerSize(record)
        guard let apiVersion = r.string(), let kind = r.string(), let namespace = r.string(), let name = r.string(),
            let uid = r.string(), let subresource = r.string(), let resourceVersion = r.string(),
            let actor = r.string(),
            let userAgent = r.string(), let sourceIP = r.string(), let eventID = r.string(), let groupCount = r.varint()
        else { throw corrupt("truncated header") }
        var groups: [String] = []
        for _ in 0..<groupCount {
            guard let g = r.string() else { throw corrupt("truncated groups") }
            groups.append(g)
        }
        guard let annotationCount = r.varint() else { throw corrupt("truncated annotations") }
        var annotations: [Annotation] = []
        for _ in 0..<annotationCount {
            guard let k = r.string(), let v = r.string() else { throw corrupt("truncated annotations") }
            annotations.append(Annotation(k, v))
        }
        var body: [UInt8]?
        if hasBody {
            guard let n = r.varint(), n == r.limit - r.position else {
                throw corrupt("body length does not match the record size")
            }
            let stored = UnsafeRawBufferPointer(rebasing: record[r.position..<(r.position + n)])
            if !includeBody {
                body = []
            } else if record[3] & compressedFlag != 0 {
                do { body = try BodyCompressor.decompress(stored, pool: pool) } catch {
                    throw corrupt("compressed body: \(error.reason)")
                }
            } else {
                body = Array(stored)
            }
        } else if r.position != r.limit {
            throw corrupt("unexpected bytes after the header")
        } else if record[3] & compressedFlag != 0 {
            throw corrupt("compressed flag without a body")
        }
        var event = RecordedEvent(
            revision: revision, recordedAt: Timestamp(nanoseconds: recordedAt), objectVersion: objectVersion,
            verb: verb,
            object: ObjectReference(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name, uid: uid),
            subresource: subresource, resourceVersion: resourceVersion, occurredAt: Timestamp(nanoseconds: occurredAt),
            actor: actor, groups: groups, userAgent: userAgent, sourceIP: sourceIP, source: source, eventID: eventID,
            annotations: annotations, body: body, previousHash: prev, hash: Array(storedHash(record)))
        event.joinsSameObjectVersion = record[3] & 2 != 0
        return event
    }

    /// The revision, verb, object version and object key of a record: the fixed header and the
    /// first four strings, the key bytes built straight from the record (no `String`).
    static func objectWrite(_ record: UnsafeRawBufferPointer) throws(LedgerError) -> ObjectWrite {
        guard record.count >= headerSize + hashSize else {
            throw .corruptRecord(revision: 0, reason: "record is \(record.count) bytes, shorter than a header")
        }
        let revision = UInt64(bigEndian: record.loadUnaligned(fromByteOffset: 4, as: UInt64.self))
        guard record[0] == format else {
            throw .corruptRecord(revision: revision, reason: "unknown record format \(record[0])")
        }
        guard let verb = Verb(rawValue: record[1]) else {
            throw .corruptRecord(revision: revision, reason: "unknown verb code \(record[1])")
        }
        let version = UInt64(bigEndian: record.loadUnaligned(fromByteOffset: 28, as: UInt64.self))
        var r = Reader(bytes: record, position: headerSize)
        r.limit = record.count - hashSize
        guard let apiVersion = r.range(), let kind = r.range(), let namespace = r.range(), let name = r.range() else {
            throw .corruptRecord(revision: revision, reason: "truncated header")
        }
        var key: [UInt8] = []
        key.reserveCapacity(apiVersion.count + kind.count + namespace.count + name.count + 4)
        // ObjectReference.group: apiVersion up to its first "/", empty for the core group.
        if let slash = record[apiVersion].firstIndex(of: UInt8(ascii: "/")) {
            key.append(contentsOf: record[apiVersion.lowerBound..<slash])
        }
        key.append(UInt8(ascii: "/"))
        key.append(contentsOf: record[kind])
        key.append(0)
        key.append(contentsOf: record[namespace])
        key.append(0)
        key.append(contentsOf: record[name])
        key.append(0)
        return ObjectWrite(revision: revision, objectVersion: version, verb: verb, key: key)
    }

    /// The bytes of a record's object uid (the fifth string), without decoding the rest, or `nil`
    /// when the record is too short or its strings are truncated. The append path reads the
    /// previous event's uid this way to keep the `uids` runs (format 5).
    static func uidRange(_ record: UnsafeRawBufferPointer) -> Range<Int>? {
        guard record.count >= headerSize + hashSize else { return nil }
        var r = Reader(bytes: record, position: headerSize)
        r.limit = record.count - hashSize
        for _ in 0..<4 { guard r.skipString() else { return nil } }
        return r.range()
    }

    /// The body bytes of a record, without decoding the rest, or `nil` if it has none.
    static func bodyRange(_ record: UnsafeRawBufferPointer) -> Range<Int>? {
        guard record.count >= headerSize + hashSize, record[3] & 1 != 0 else { return nil }
        guard record.count >= headerSize + trailerSize(record) else { return nil }
        var r = Reader(bytes: record, position: headerSize)
        r.limit = record.count - trailerSize(record)
        for _ in 0..<11 { guard r.skipString() else { return nil } }
        // Counts and lengths come from possibly damaged bytes: bound them by the bytes left before
        // any arithmetic (fuzzing found `ac * 2` overflowing).
        guard let gc = r.varint(), gc <= r.limit - r.position else { return nil }
        for _ in 0..<gc { guard r.skipString() else { return nil } }
        guard let ac = r.varint(), ac <= (r.limit - r.position) / 2 else { return nil }
        for _ in 0..<(ac * 2) { guard r.skipString() else { return nil } }
        guard let n = r.varint(), n <= r.limit - r.position else { return nil }
        return r.position..<(r.position + n)
    }

    // MARK: - Primitives

    struct Writer {
        let base: UnsafeMutableRawPointer
        var position: Int

        @inline(__always) mutating func byte(_ b: UInt8) {
            base.storeBytes(of: b, toByteOffset: position, as: UInt8.self)
            position += 1
        }
        @inline(__always) mutating func u64(_ v: UInt64) {
            base.storeBytes(of: v.bigEndian, toByteOffset: position, as: UInt64.self)
            position += 8
        }
        @inline(__always) mutating func varint(_ v: Int) {
            var x = UInt64(v)
            while x >= 0x80 {
                byte(UInt8(x & 0x7F) | 0x80)
                x >>= 7
            }
            byte(UInt8(x))
        }
        @inline(__always) mutating func bytes(_ b: UnsafeRawBufferPointer) {
            guard b.count > 0 else { return }
            (base + position).copyMemory(from: b.baseAddress!, byteCount: b.count)
            position += b.count
        }
        @inline(__always) mutating func string(_ s: String) {
            var s = s
            s.withUTF8 { u in
                varint(u.count)
                bytes(UnsafeRawBufferPointer(u))
            }
        }
    }

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position: Int
        var limit: Int

        init(bytes: UnsafeRawBufferPointer, position: Int) {
            self.bytes = bytes
            self.position = position
            self.limit = bytes.count
        }

        mutating func u64() -> UInt64 {
            defer { position += 8 }
            return UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        }
        mutating func varint() -> Int? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while position < limit, shift < 64 {
                let b = bytes[position]
                position += 1
                result |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return result <= UInt64(Int.max) ? Int(result) : nil }
                shift += 7
            }
            return nil
        }
        mutating func string() -> String? {
            guard let n = varint(), n <= limit - position else { return nil }
            defer { position += n }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + n)]), as: UTF8.self)
        }
        /// The byte range of the next string.
        mutating func range() -> Range<Int>? {
            guard let n = varint(), n <= limit - position else { return nil }
            defer { position += n }
            return position..<(position + n)
        }
        mutating func skipString() -> Bool {
            guard let n = varint(), n <= limit - position else { return false }
            position += n
            return true
        }
    }
}
