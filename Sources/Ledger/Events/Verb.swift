/// What a mutation did. Status updates are ``update`` with subresource `status`.
public enum Verb: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible, Codable {
    case create = 1
    case update = 2
    case patch = 3
    case delete = 4

    /// The lowercase name, as Kubernetes audit logs spell it.
    public var description: String {
        switch self {
        case .create: "create"
        case .update: "update"
        case .patch: "patch"
        case .delete: "delete"
        }
    }

    /// Parses `create`, `update`, `patch` or `delete`.
    public init?(name: String) {
        guard let v = Verb.allCases.first(where: { $0.description == name }) else { return nil }
        self = v
    }
}
