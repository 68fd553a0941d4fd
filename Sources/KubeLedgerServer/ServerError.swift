/// Why the server cannot start.
public enum ServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The certificate or key cannot be used.
    case tls(String)

    public var description: String {
        switch self {
        case .tls(let reason): "TLS: \(reason)"
        }
    }
}
