import Dispatch
import LedgerCZstd

#if canImport(Glibc)
import Glibc
#endif

/// Compresses object bodies with zstd and the built-in dictionary; one per thread at a time
/// (it owns a `ZSTD_CCtx`, reused across calls).
///
/// ```swift
/// let compressor = BodyCompressor()
/// let stored = compressor.compress(body)   // nil: store the body as it is
/// ```
struct BodyCompressor: ~Copyable {
    /// The zstd level the dictionary is digested at. 3 is zstd's default: on 3 KB Pods it
    /// compresses 10 % better than level 1 at about the same speed (docs/performance.md).
    static let level: Int32 = 3
    /// Bodies shorter than this are stored as they are: a frame header costs ~10 bytes and a
    /// short body gains little.
    static let minimumSize = 128
    /// Bodies longer than this are stored as they are; it is also the most a frame may claim to
    /// expand to, so damaged bytes can never make a read allocate more.
    static let maximumSize = 64 << 20

    private let context: OpaquePointer
    private let dictionary: ZstdDictionary

    init(dictionary: ZstdDictionary = BuiltInDictionary.current) {
        guard let c = ZSTD_createCCtx() else { fatalError("zstd: out of memory creating a compression context") }
        context = c
        self.dictionary = dictionary
    }

    deinit { ZSTD_freeCCtx(context) }

    /// The zstd frame for `body`, or `nil` when it is better stored as it is (too short, too
    /// long, or not smaller compressed).
    func compress(_ body: [UInt8]) -> [UInt8]? {
        guard body.count >= Self.minimumSize, body.count <= Self.maximumSize else { return nil }
        let capacity = ZSTD_compressBound(body.count)
        var failed = false
        let frame = [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
            let n = body.withUnsafeBytes { b in
                ZSTD_compress_usingCDict(
                    context, out.baseAddress, capacity, b.baseAddress, b.count, dictionary.compression)
            }
            if ZSTD_isError(n) != 0 {
                failed = true
                count = 0
            } else {
                count = n
            }
        }
        guard !failed, frame.count < body.count else { return nil }
        return frame
    }

    /// Frames for `bodies` (`nil` where a body is absent or stored as it is), compressed on up
    /// to four threads when there are enough to pay for them. `Ledger.append` calls it outside
    /// the write transaction, so the store's write lock is never held while compressing.
    static func frames(for bodies: [[UInt8]?]) -> [[UInt8]?] {
        let n = bodies.count
        let workers = min(4, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), n / parallelThreshold)
        guard workers > 1 else {
            let compressor = BodyCompressor()
            return bodies.map { $0.flatMap { compressor.compress($0) } }
        }
        var out = [[UInt8]?](repeating: nil, count: n)
        let chunk = (n + workers - 1) / workers
        out.withUnsafeMutableBufferPointer { buffer in
            // Each worker writes its own range of `buffer`: no two threads touch the same element.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let compressor = BodyCompressor()
                for i in (w * chunk)..<min(n, (w + 1) * chunk) {
                    slots[i] = bodies[i].flatMap { compressor.compress($0) }
                }
            }
        }
        return out
    }

    /// Bodies per extra compression thread: below it a batch is compressed on the caller's thread.
    static let parallelThreshold = 32

    /// Decompresses a frame written by ``compress(_:)``.
    ///
    /// - Throws: a description of what is wrong (unknown dictionary, size missing or beyond
    ///   ``maximumSize``, damaged frame); the caller wraps it in its own error.
    ///
    /// - Parameter pool: where to borrow a decompression context (creating one costs ~8× the
    ///   decompression of a Pod); `nil` creates one for this call.
    static func decompress(
        _ frame: UnsafeRawBufferPointer, pool: ZstdContextPool? = nil
    ) throws(BodyDecompressionError) -> [UInt8] {
        guard let base = frame.baseAddress, frame.count > 0 else { throw .init("empty zstd frame") }
        let size = ZSTD_getFrameContentSize(base, frame.count)
        // ZSTD_CONTENTSIZE_UNKNOWN and _ERROR are the two largest UInt64 values.
        guard size < UInt64.max - 1 else { throw .init("not a zstd frame with a content size") }
        guard size <= UInt64(maximumSize) else {
            throw .init("zstd frame claims \(size) bytes, more than the \(maximumSize)-byte limit")
        }
        let dictID = ZSTD_getDictID_fromFrame(base, frame.count)
        guard dictID != 0 else { throw .init("damaged zstd frame header (no dictionary ID)") }
        guard let dictionary = BuiltInDictionary.dictionary(id: dictID) else {
            throw .init(
                """
                body compressed with zstd dictionary \(dictID), which this kubeledger does not have; use a newer \
                kubeledger
                """
            )
        }
        let expected = Int(size)
        var result = 0
        func run(_ context: OpaquePointer) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: max(expected, 1)) { buffer, count in
                result = ZSTD_decompress_usingDDict(
                    context, buffer.baseAddress, expected, base, frame.count, dictionary.decompression)
                count = ZSTD_isError(result) == 0 && result == expected ? expected : 0
            }
        }
        let out: [UInt8]
        if let pool {
            out = pool.withDecompressionContext { run($0) }
        } else {
            guard let context = ZSTD_createDCtx() else { throw .init("out of memory creating a zstd context") }
            defer { ZSTD_freeDCtx(context) }
            out = run(context)
        }
        if ZSTD_isError(result) != 0 {
            throw .init("damaged zstd frame: \(String(cString: ZSTD_getErrorName(result)))")
        }
        guard result == expected else {
            throw .init("zstd frame expands to \(result) bytes, not the \(expected) it declares")
        }
        return out
    }
}

/// Why a stored body could not be decompressed.
struct BodyDecompressionError: Error, Sendable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
