#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole input file, or stdin for `-`.
enum InputFiles {
    static func read(_ path: String) throws -> [UInt8] {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CommandFailure(.failure, "cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { if fd != 0 { close(fd) } }
        var st = stat()
        var capacity = 1 << 16
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { capacity = Int(st.st_size) + 1 }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw CommandFailure(.failure, "'\(path)' is a directory; pass a file") }
        var buffer = [UInt8](repeating: 0, count: max(capacity, 1))
        var count = 0
        while true {
            if count == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let n = buffer.withUnsafeMutableBytes { b in Glibc.read(fd, b.baseAddress! + count, b.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CommandFailure(.failure, "cannot read '\(path)': \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            count += n
        }
        buffer.removeLast(buffer.count - count)
        return buffer
    }
}
