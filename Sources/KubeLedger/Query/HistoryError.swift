/// A question about history that has no answer.
public enum HistoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No such object at the point asked (`resource` as kubectl names it: `pods`,
    /// `deployments.apps`).
    case notFound(resource: String, name: String)
    /// The object never existed in the ledger (no version at all).
    case noHistory(object: String, namespace: String)

    /// The message, in kubectl's words where kubectl has some (`pods "x" not found`).
    public var description: String {
        switch self {
        case .notFound(let resource, let name): "\(resource) \"\(name)\" not found"
        case .noHistory(let object, let namespace): "no history of \(object) in namespace \(namespace)"
        }
    }
}
