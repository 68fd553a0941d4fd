/// A request path that names nothing the server serves.
public enum APIPathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `/at/X/…` or `/replay/X/…` where X is neither a revision nor a time.
    case badPoint(String)
    /// `/replay/FROM/xS/…` where S is not a positive number.
    case badSpeed(String)
    /// No API at this path.
    case notFound(String)

    public var description: String {
        switch self {
        case .badPoint(let p):
            "'\(p)' is not a point in history: use a revision number, an RFC 3339 time (2026-11-26T10:00:00Z) or a"
                + " relative time (-15m)"
        case .badSpeed(let s): "'\(s)' is not a replay speed: use x followed by a positive number (x10)"
        case .notFound(let path): "the server could not find the requested resource (\(path))"
        }
    }
}
