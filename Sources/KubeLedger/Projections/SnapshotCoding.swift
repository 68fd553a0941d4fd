/// The compact binary layout of projection snapshots: LEB128 varints (zigzag for signed),
/// length-prefixed UTF-8 strings, a 1-byte presence flag for optionals, a count before arrays
/// and maps, map entries in key order so the bytes are deterministic.
struct SnapshotWriter {
    private(set) var bytes: [UInt8] = []

    /// A writer with no header (for layouts that carry their own, such as ``PodRow``'s).
    init() {}

    /// Appends one raw byte.
    mutating func write(byte: UInt8) { bytes.append(byte) }

    init(magic: String, version: UInt64) {
        bytes.reserveCapacity(4096)
        write(magic)
        write(version)
    }

    mutating func write(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func write(_ v: Int) { write(Int64(v)) }

    mutating func write(_ v: Int64) { write(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    mutating func write(_ v: Bool) { bytes.append(v ? 1 : 0) }

    mutating func write(_ s: String) {
        var s = s
        s.withUTF8 { u in
            write(UInt64(u.count))
            bytes.append(contentsOf: u)
        }
    }

    mutating func write(_ b: [UInt8]) {
        write(UInt64(b.count))
        bytes.append(contentsOf: b)
    }

    mutating func write(_ s: String?) {
        write(s != nil)
        if let s { write(s) }
    }

    mutating func write(_ v: Int?) {
        write(v != nil)
        if let v { write(v) }
    }

    mutating func write(_ v: Int64?) {
        write(v != nil)
        if let v { write(v) }
    }

    mutating func write(_ strings: [String]) {
        write(UInt64(strings.count))
        for s in strings { write(s) }
    }

    mutating func write(_ ints: [Int]) {
        write(UInt64(ints.count))
        for i in ints { write(i) }
    }

    /// A string map, in key order.
    mutating func write(_ map: [String: String]) {
        write(UInt64(map.count))
        for k in map.keys.sorted() {
            write(k)
            write(map[k]!)
        }
    }

    mutating func write<T: SnapshotCodable>(_ value: T) { value.write(to: &self) }

    mutating func write<T: SnapshotCodable>(_ values: [T]) {
        write(UInt64(values.count))
        for v in values { v.write(to: &self) }
    }

    mutating func write<T: SnapshotCodable>(_ value: T?) {
        write(value != nil)
        if let value { value.write(to: &self) }
    }

    /// A map with string keys, in key order.
    mutating func write<T: SnapshotCodable>(_ map: [String: T]) {
        write(UInt64(map.count))
        for k in map.keys.sorted() {
            write(k)
            map[k]!.write(to: &self)
        }
    }

    mutating func write(_ value: JSONValue?) {
        write(value != nil)
        if let value { write(JSONWriter().bytes(value)) }
    }
}

/// Reads what ``SnapshotWriter`` wrote; every read is bounds-checked.
struct SnapshotReader {
    let bytes: [UInt8]
    var position = 0
    let projection: String

    init(_ bytes: [UInt8], magic: String, version: UInt64, projection: String) throws(ProjectionDecodingError) {
        self.bytes = bytes
        self.projection = projection
        guard (try? readString()) == magic else { throw failure("not a \(projection) snapshot") }
        let v = try readUInt()
        guard v == version else {
            var e = failure("format version \(v), expected \(version)")
            e.isOtherFormatVersion = true
            throw e
        }
    }

    func failure(_ message: String) -> ProjectionDecodingError {
        ProjectionDecodingError(projection: projection, message: "\(message) (at byte \(position))")
    }

    mutating func readUInt() throws(ProjectionDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw failure("truncated") }
            let b = bytes[position]
            position += 1
            guard shift < 64 else { throw failure("varint too long") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    mutating func readInt64() throws(ProjectionDecodingError) -> Int64 {
        let u = try readUInt()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func readInt() throws(ProjectionDecodingError) -> Int { Int(truncatingIfNeeded: try readInt64()) }

    mutating func readCount() throws(ProjectionDecodingError) -> Int {
        let n = try readUInt()
        guard n <= UInt64(bytes.count - position) else { throw failure("count \(n) exceeds the data") }
        return Int(n)
    }

    mutating func readBool() throws(ProjectionDecodingError) -> Bool {
        guard position < bytes.count else { throw failure("truncated") }
        let b = bytes[position]
        position += 1
        guard b <= 1 else { throw failure("invalid Boolean") }
        return b == 1
    }

    mutating func readBytes() throws(ProjectionDecodingError) -> ArraySlice<UInt8> {
        let n = try readCount()
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    mutating func readString() throws(ProjectionDecodingError) -> String {
        String(decoding: try readBytes(), as: UTF8.self)
    }

    mutating func readOptionalString() throws(ProjectionDecodingError) -> String? {
        try readBool() ? try readString() : nil
    }

    mutating func readOptionalInt() throws(ProjectionDecodingError) -> Int? {
        try readBool() ? try readInt() : nil
    }

    mutating func readOptionalInt64() throws(ProjectionDecodingError) -> Int64? {
        try readBool() ? try readInt64() : nil
    }

    mutating func readStrings() throws(ProjectionDecodingError) -> [String] {
        let n = try readCount()
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try readString()) }
        return out
    }

    mutating func readInts() throws(ProjectionDecodingError) -> [Int] {
        let n = try readCount()
        var out: [Int] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try readInt()) }
        return out
    }

    mutating func readStringMap() throws(ProjectionDecodingError) -> [String: String] {
        let n = try readCount()
        var out: [String: String] = [:]
        out.reserveCapacity(n)
        for _ in 0..<n {
            let k = try readString()
            out[k] = try readString()
        }
        return out
    }

    mutating func read<T: SnapshotCodable>(_: T.Type = T.self) throws(ProjectionDecodingError) -> T {
        try T(from: &self)
    }

    mutating func readArray<T: SnapshotCodable>(_: T.Type = T.self) throws(ProjectionDecodingError) -> [T] {
        let n = try readCount()
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try T(from: &self)) }
        return out
    }

    mutating func readOptional<T: SnapshotCodable>(_: T.Type = T.self) throws(ProjectionDecodingError) -> T? {
        try readBool() ? try T(from: &self) : nil
    }

    mutating func readMap<T: SnapshotCodable>(_: T.Type = T.self) throws(ProjectionDecodingError) -> [String: T] {
        let n = try readCount()
        var out: [String: T] = [:]
        out.reserveCapacity(n)
        for _ in 0..<n {
            let k = try readString()
            out[k] = try T(from: &self)
        }
        return out
    }

    mutating func readJSON() throws(ProjectionDecodingError) -> JSONValue? {
        guard try readBool() else { return nil }
        let b = Array(try readBytes())
        do { return try JSONReader.parse(b) } catch { throw failure("invalid JSON: \(error)") }
    }

    /// A value written by `write(_: JSONValue?)` (an empty object when absent) and the bytes
    /// it was written as (an absent one: the empty object's).
    mutating func readJSONKeepingBytes() throws(ProjectionDecodingError) -> (JSONValue, [UInt8]) {
        guard try readBool() else {
            let empty = JSONValue.object(JSONObject())
            return (empty, JSONWriter().bytes(empty))
        }
        let b = Array(try readBytes())
        do { return (try JSONReader.parse(b), b) } catch { throw failure("invalid JSON: \(error)") }
    }

    func finish() throws(ProjectionDecodingError) {
        guard position == bytes.count else { throw failure("\(bytes.count - position) unexpected trailing bytes") }
    }
}

/// A value with a fixed snapshot layout.
protocol SnapshotCodable {
    func write(to w: inout SnapshotWriter)
    init(from r: inout SnapshotReader) throws(ProjectionDecodingError)
}
