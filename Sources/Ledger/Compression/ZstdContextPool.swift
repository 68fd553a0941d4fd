import LedgerCZstd
import Synchronization

/// Decompression contexts kept for reuse, one pool per ``Ledger``.
///
/// Creating a `ZSTD_DCtx` costs ~10 µs, decompressing a 3 KB Pod with one ~1.3 µs (measured,
/// docs/performance.md), so reads and scans borrow a context instead of making one per body. A
/// context is used by one thread at a time: it is handed over under the pool's mutex.
final class ZstdContextPool: Sendable {
    /// Contexts idle in the pool; more than ``capacity`` returned at once are freed.
    private let idle = Mutex<[ZstdDecompressionContext]>([])
    private let capacity = 8

    init() {}

    deinit {
        idle.withLock { contexts in
            for c in contexts { ZSTD_freeDCtx(c.pointer) }
            contexts.removeAll()
        }
    }

    /// Runs `body` with a decompression context, borrowed from the pool or created.
    func withDecompressionContext<R, E: Error>(_ body: (OpaquePointer) throws(E) -> R) throws(E) -> R {
        let context = idle.withLock { $0.popLast() } ?? ZstdDecompressionContext(pointer: ZSTD_createDCtx())
        defer {
            let kept = idle.withLock { contexts in
                guard contexts.count < capacity else { return false }
                contexts.append(context)
                return true
            }
            if !kept { ZSTD_freeDCtx(context.pointer) }
        }
        return try body(context.pointer)
    }
}

/// A `ZSTD_DCtx` owned by ``ZstdContextPool``; it moves between threads only through the pool's
/// mutex, one user at a time.
struct ZstdDecompressionContext: @unchecked Sendable {
    let pointer: OpaquePointer
    init(pointer: OpaquePointer?) {
        guard let pointer else { fatalError("zstd: out of memory creating a decompression context") }
        self.pointer = pointer
    }
}
