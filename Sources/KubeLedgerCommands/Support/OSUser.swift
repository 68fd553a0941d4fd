#if canImport(Glibc)
import Glibc
#endif

/// The operating-system user, the default actor.
enum OSUser {
    static var name: String {
        if let pw = getpwuid(getuid()), let n = pw.pointee.pw_name { return String(cString: n) }
        if let u = getenv("USER") { return String(cString: u) }
        return "unknown"
    }
}
