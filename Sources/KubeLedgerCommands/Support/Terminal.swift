#if canImport(Glibc)
import Glibc
#endif

/// Buffered writes to stdout and stderr, and TTY detection.
enum Terminal {
    /// Writes `text` to stdout.
    static func print(_ text: String) {
        write(1, text + "\n")
    }

    /// Writes bytes to stdout.
    static func write(bytes: [UInt8]) {
        bytes.withUnsafeBytes { b in writeAll(1, b) }
    }

    /// Writes `text` to stderr, prefixed with the program name.
    static func error(_ text: String) {
        write(2, "kubeledger: " + text + "\n")
    }

    /// Writes `text` to stderr as is.
    static func note(_ text: String) {
        write(2, text + "\n")
    }

    static func write(_ fd: Int32, _ text: String) {
        var t = text
        t.withUTF8 { u in writeAll(fd, UnsafeRawBufferPointer(u)) }
    }

    static func writeAll(_ fd: Int32, _ b: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < b.count {
            let n = Glibc.write(fd, b.baseAddress! + offset, b.count - offset)
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return
            }
            offset += n
        }
    }

    /// Whether stderr is a terminal (progress bars only go there).
    static var stderrIsTTY: Bool { isatty(2) == 1 }
}
