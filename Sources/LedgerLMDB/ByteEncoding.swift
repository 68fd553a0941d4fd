/// Order-preserving, fixed-width key encodings: big-endian, so LMDB's byte order is numeric order.
public enum ByteEncoding {
    /// Appends `value` as 8 big-endian bytes.
    @inlinable
    public static func appendUInt64(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends `value` as 8 bytes that sort in signed order (sign bit flipped, big-endian).
    @inlinable
    public static func appendInt64(_ value: Int64, to bytes: inout [UInt8]) {
        appendUInt64(UInt64(bitPattern: value) ^ (1 << 63), to: &bytes)
    }

    /// Reads 8 big-endian bytes at `offset`.
    @inlinable
    public static func readUInt64(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Reads 8 bytes written by ``appendInt64(_:to:)``.
    @inlinable
    public static func readInt64(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int64 {
        Int64(bitPattern: readUInt64(bytes, at: offset) ^ (1 << 63))
    }

    /// 8 big-endian bytes of `value`.
    @inlinable
    public static func uint64(_ value: UInt64) -> [UInt8] {
        var b: [UInt8] = []
        b.reserveCapacity(8)
        appendUInt64(value, to: &b)
        return b
    }
}
