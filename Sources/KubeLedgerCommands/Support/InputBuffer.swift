import KubeLedger

#if canImport(Glibc)
import Glibc
#endif

/// The bytes of one input file, or of stdin for `-`, without copying a regular file into memory.
///
/// A regular file (also stdin redirected from one, `< audit.log`) is mapped read-only
/// (`MAP_PRIVATE`, `PROT_READ`, `madvise(MADV_SEQUENTIAL)`): its pages belong to the page cache,
/// which the kernel reclaims under pressure, so a file of tens of gigabytes can be read twice
/// (``IngestRunner`` validates, then appends) with little heap. Any other input (a pipe, a FIFO,
/// a terminal) is read into memory, so memory grows with it: pass a file for big inputs.
///
/// The mapping lives as long as the buffer: read it inside ``withBytes(_:)``, which keeps the
/// buffer alive (Swift may release an object right after its last use, such as reading
/// ``bytes``). A file truncated by another process while it is mapped makes reads past the new end
/// fault (`SIGBUS`), so import rotated logs, not ones being rewritten in place.
///
/// ```swift
/// let input = try InputBuffer(path: "audit.log")
/// input.withBytes { bytes in AuditLogAdapter(source: "audit.log").read(bytes) { item in … } }
/// ```
final class InputBuffer {
    /// How the bytes are held, for `deinit`.
    private enum Storage {
        case empty
        case mapped(UnsafeMutableRawPointer, length: Int)
        case allocated(UnsafeMutableRawPointer)
    }

    /// The input's bytes, valid while the buffer is alive; prefer ``withBytes(_:)``.
    let bytes: UnsafeRawBufferPointer
    /// Whether ``bytes`` is a mapping of a regular file (rather than a copy in memory).
    var isMapped: Bool {
        if case .mapped = storage { return true }
        return false
    }
    private let storage: Storage
    /// Bytes of ``bytes`` already dropped from the resident set by ``dropPages(before:)``.
    private var droppedUpTo = 0

    /// Opens `path` (or stdin for `-`) and maps or reads it.
    ///
    /// - Throws: ``CommandFailure`` with status `.failure` when the file cannot be opened, mapped
    ///   or read, or is a directory.
    init(path: String) throws(CommandFailure) {
        let isStdin = path == "-"
        let fd: Int32 = isStdin ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure(path) }
        defer { if !isStdin { close(fd) } }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Self.failure(path) }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR { throw CommandFailure(.failure, "'\(path)' is a directory; pass a file") }
        if type == S_IFREG {
            // stdin redirected from a file may already be past its start: map from where it is.
            let start = isStdin ? max(0, Int(lseek(fd, 0, SEEK_CUR))) : 0
            let size = Int(st.st_size)
            guard size > start else {
                storage = .empty
                bytes = UnsafeRawBufferPointer(start: nil, count: 0)
                return
            }
            guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0),
                base != UnsafeMutableRawPointer(bitPattern: -1)
            else {
                throw Self.failure(path, doing: "map")
            }
            // Advice only: a failure changes speed, not results.
            _ = madvise(base, size, MADV_SEQUENTIAL)
            storage = .mapped(base, length: size)
            bytes = UnsafeRawBufferPointer(start: base + start, count: size - start)
            return
        }
        let (pointer, count) = try Self.readAll(fd, path: path)
        storage = pointer.map { .allocated($0) } ?? .empty
        bytes = UnsafeRawBufferPointer(start: pointer, count: count)
    }

    /// Calls `body` with the input's bytes, keeping the buffer (and its mapping) alive meanwhile.
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        defer { withExtendedLifetime(self) {} }
        return try body(bytes)
    }

    /// Reads the input through an adapter, dropping the pages it has gone past from this
    /// process's resident set as it goes, so a mapped file of any size costs little RSS.
    ///
    /// Items carry input lines, not offsets: a ``LineCursor`` turns the line of each item into the
    /// offset where that line starts. Everything before the line of the latest item has been read.
    /// Dropping is always safe (a private, unmodified file page is read back from the page cache if
    /// an adapter looks back, as it does for line numbers of `EventList` items); it only costs time
    /// then.
    ///
    /// - Parameters:
    ///   - read: Runs the adapter over the bytes, calling its second argument with each item.
    ///   - emit: Receives each item.
    func read(_ read: (UnsafeRawBufferPointer, (IngestItem) -> Void) -> Void, emit: (IngestItem) -> Void) {
        // `emit` does not escape; the wrapper only lets the closure below capture it (Swift's
        // exclusivity rule forbids passing a non-escaping parameter into another one).
        withoutActuallyEscaping(emit) { emit in
            withBytes { bytes in
                guard isMapped else { return read(bytes, emit) }
                var cursor = LineCursor(bytes: bytes)
                read(bytes) { item in
                    let offset = cursor.offset(ofLine: item.line)
                    if offset - droppedUpTo >= Self.dropStride { dropPages(before: offset) }
                    emit(item)
                }
                // All of it, including pages an adapter looked back at.
                droppedUpTo = 0
                dropPages(before: bytes.count)
                droppedUpTo = 0
            }
        }
    }

    /// How far the reader goes between two `madvise(MADV_DONTNEED)` calls.
    static let dropStride = 32 << 20

    /// Drops the whole pages of the mapping before `offset` (in ``bytes``) from the resident set.
    private func dropPages(before offset: Int) {
        guard case .mapped(let base, let length) = storage, let start = bytes.baseAddress else { return }
        let page = Int(getpagesize())
        let skip = base.distance(to: UnsafeMutableRawPointer(mutating: start))
        // Only the pages passed since the last drop: advising a range walks its page tables.
        let from = (skip + droppedUpTo) / page * page
        let end = min((skip + offset) / page * page, length)
        guard end > from else { return }
        // Advice only: on failure the pages simply stay resident.
        _ = madvise(base + from, end - from, MADV_DONTNEED)
        droppedUpTo = offset
    }

    deinit {
        switch storage {
        case .empty: break
        case .mapped(let base, let length): munmap(base, length)
        case .allocated(let pointer): free(pointer)
        }
    }

    /// Reads `fd` to its end into a `malloc`ed block (`nil` when there was nothing to read).
    private static func readAll(_ fd: Int32, path: String) throws(CommandFailure) -> (UnsafeMutableRawPointer?, Int) {
        var capacity = 0
        var count = 0
        var block: UnsafeMutableRawPointer?
        while true {
            if count == capacity {
                capacity = max(1 << 16, capacity * 2)
                guard let grown = realloc(block, capacity) else {
                    free(block)
                    throw CommandFailure(
                        .failure,
                        "cannot read '\(path)': out of memory after \(count) bytes; write the input to a file and "
                            + "import the file"
                    )
                }
                block = grown
            }
            let n = Glibc.read(fd, block! + count, capacity - count)
            if n < 0 {
                if errno == EINTR { continue }
                free(block)
                throw failure(path)
            }
            if n == 0 { break }
            count += n
        }
        if count == 0 {
            free(block)
            return (nil, 0)
        }
        return (block, count)
    }

    private static func failure(_ path: String, doing verb: String = "read") -> CommandFailure {
        CommandFailure(.failure, "cannot \(verb) '\(path)': \(String(cString: strerror(errno)))")
    }
}
