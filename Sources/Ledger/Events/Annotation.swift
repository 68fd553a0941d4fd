/// A note on an event (not on the object): change-cause, rollback-of, import file and line.
public struct Annotation: Sendable, Hashable, Codable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }

    /// `kubernetes.io/change-cause`: why the change was made.
    public static let changeCause = "kubernetes.io/change-cause"
    /// `kubeledger.io/rollback-of`: the revision a rollback restored.
    public static let rollbackOf = "kubeledger.io/rollback-of"
    /// `kubeledger.io/import-file`: the file an event was imported from.
    public static let importFile = "kubeledger.io/import-file"
    /// `kubeledger.io/import-line`: the line (or document) of that file.
    public static let importLine = "kubeledger.io/import-line"
    /// `kubeledger.io/observed-while-not-watching`: a delete inferred from a LIST that lacked a
    /// live object (`kubeledger record` after a gap); the deletion happened at some time before.
    public static let observedWhileNotWatching = "kubeledger.io/observed-while-not-watching"
    /// `kubeledger.io/list-resource-version`: the resourceVersion of the LIST that inferred it.
    public static let listResourceVersion = "kubeledger.io/list-resource-version"
}
