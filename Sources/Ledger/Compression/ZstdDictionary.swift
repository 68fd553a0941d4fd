import LedgerCZstd

/// A zstd dictionary, digested once for compression (`ZSTD_CDict`) and decompression
/// (`ZSTD_DDict`).
///
/// Both digested forms are read-only after creation and zstd documents them as safe to share
/// between threads (each thread brings its own context), hence `@unchecked Sendable`.
final class ZstdDictionary: @unchecked Sendable {
    /// The dictionary ID written in every frame compressed with it.
    let id: UInt32
    let compression: OpaquePointer
    let decompression: OpaquePointer

    /// Digests the dictionary given as base64 text (as compiled into the binary).
    init(base64: String, level: Int32) {
        let bytes = Self.decodeBase64(base64)
        let pair = bytes.withUnsafeBytes { b -> (OpaquePointer?, OpaquePointer?) in
            (ZSTD_createCDict(b.baseAddress, b.count, level), ZSTD_createDDict(b.baseAddress, b.count))
        }
        guard let c = pair.0, let d = pair.1 else {
            // Only a binary built with a damaged dictionary literal, or out of memory, gets here.
            fatalError("zstd could not digest the built-in dictionary (\(bytes.count) bytes)")
        }
        compression = c
        decompression = d
        id = ZSTD_getDictID_fromDDict(d)
    }

    deinit {
        ZSTD_freeCDict(compression)
        ZSTD_freeDDict(decompression)
    }

    /// Decodes standard base64 (ignoring anything outside the alphabet, such as line breaks).
    static func decodeBase64(_ text: String) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(c)] = UInt8(i)
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let v = table[Int(c)]
            if v == 0xFF { continue }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        return out
    }
}
