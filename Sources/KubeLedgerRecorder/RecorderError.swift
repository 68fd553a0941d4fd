/// Why the recorder could not start or stopped: each case says what to fix.
public enum RecorderError: Error, CustomStringConvertible, Sendable {
    /// The kubeconfig is missing, unreadable or lacks a field.
    case kubeconfig(file: String, field: String, message: String)
    /// An exec credential plugin failed or printed no token.
    case credentialPlugin(command: String, message: String)
    /// The API server answered with an unexpected status.
    case http(path: String, status: Int, message: String)
    /// A resource name `--resources` gave is not known.
    case unknownResource(String)
    /// A `--redact` path is not a JSONPath the recorder understands.
    case badRedactPath(String)

    public var description: String {
        switch self {
        case .kubeconfig(let file, let field, let message): "kubeconfig \(file): \(field): \(message)"
        case .credentialPlugin(let command, let message):
            "exec credential plugin \(command): \(message) (run it by hand to see its output)"
        case .http(let path, let status, let message): "GET \(path): HTTP \(status): \(message)"
        case .unknownResource(let r):
            "unknown resource \(r) (use plural names such as pods, deployments, or group-qualified ones"
                + " such as widgets.example.com)"
        case .badRedactPath(let p): "--redact \(p): expected a path like .data or .spec.template.spec.containers"
        }
    }
}
