#if canImport(Glibc)
import Glibc
#endif

/// Finds where a 1-based line starts in a buffer, moving forward only (asked about an earlier
/// line, it answers with the current one).
struct LineCursor {
    let bytes: UnsafeRawBufferPointer
    /// The line the cursor is on.
    private(set) var line = 1
    /// The offset where ``line`` starts.
    private(set) var offset = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The offset where `target` starts (the end of the buffer when it has fewer lines).
    mutating func offset(ofLine target: Int) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        while line < target, offset < bytes.count {
            guard let hit = memchr(base + offset, 0x0A, bytes.count - offset) else {
                offset = bytes.count
                break
            }
            offset = base.distance(to: UnsafeRawPointer(hit)) + 1
            line += 1
        }
        return offset
    }
}
