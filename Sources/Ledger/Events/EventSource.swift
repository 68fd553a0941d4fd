/// Where an event came from.
public enum EventSource: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible, Codable {
    /// `kubeledger append`.
    case cli = 1
    /// A Kubernetes audit log.
    case audit = 2
    /// A watch stream.
    case watch = 3
    /// A list snapshot.
    case list = 4
    /// A rollback recorded by `kubeledger rollout undo`.
    case rollback = 5

    /// The lowercase name.
    public var description: String {
        switch self {
        case .cli: "cli"
        case .audit: "audit"
        case .watch: "watch"
        case .list: "list"
        case .rollback: "rollback"
        }
    }

    /// Parses a name written by ``description``.
    public init?(name: String) {
        guard let v = EventSource.allCases.first(where: { $0.description == name }) else { return nil }
        self = v
    }
}
