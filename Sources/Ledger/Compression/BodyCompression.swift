/// The compression the store applies to object bodies, for tools that want to see or reproduce it
/// (the benchmark's raw-LMDB baseline writes the same frames the Ledger stores).
///
/// ```swift
/// let codec = BodyCompression()
/// if let frame = BodyCompression.frame(for: body) { assert(try codec.body(fromFrame: frame) == body) }
/// ```
public struct BodyCompression: Sendable {
    private let pool = ZstdContextPool()

    public init() {}

    /// The zstd frame the Ledger would store for `body` (built-in dictionary, level 3), or `nil`
    /// when it would store the body as it is.
    public static func frame(for body: [UInt8]) -> [UInt8]? {
        BodyCompressor().compress(body)
    }

    /// Frames for many bodies, as `Ledger.append` makes them (`nil` where stored as is).
    public static func frames(for bodies: [[UInt8]]) -> [[UInt8]?] {
        BodyCompressor.frames(for: bodies.map { $0 })
    }

    /// Decompresses a frame made by ``frame(for:)``, reusing this value's decompression contexts.
    ///
    /// - Throws: ``LedgerError/corruptRecord(revision:reason:)`` (revision 0) when it is damaged or
    ///   names a dictionary this binary lacks.
    public func body(fromFrame frame: [UInt8]) throws(LedgerError) -> [UInt8] {
        let result: Result<[UInt8], BodyDecompressionError> = frame.withUnsafeBytes { b in
            Result { () throws(BodyDecompressionError) in try BodyCompressor.decompress(b, pool: pool) }
        }
        switch result {
        case .success(let body): return body
        case .failure(let error): throw .corruptRecord(revision: 0, reason: "compressed body: \(error.reason)")
        }
    }
}
