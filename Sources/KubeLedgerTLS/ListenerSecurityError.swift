/// Why a listener's TLS or authentication settings cannot be used: each case names the flag and
/// the file, and says what is wrong.
public enum ListenerSecurityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A certificate, key or CA file is missing, unreadable or not what TLS can use.
    case badFile(flag: String, file: String, reason: String)
    /// A token file holds no token.
    case emptyTokenFile(flag: String, file: String)
    /// A line of a static token file is not `token,user,uid[,groups]`.
    case badTokenAuthLine(flag: String, file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .badFile(let flag, let file, let reason): "\(flag) \(file): \(reason)"
        case .emptyTokenFile(let flag, let file): "\(flag) \(file): holds no token"
        case .badTokenAuthLine(let flag, let file, let line, let reason): "\(flag) \(file):\(line): \(reason)"
        }
    }
}
