/// One object's YAML at two points, as `kubeledger diff` compares them.
public struct ObjectDiff: Sendable, Hashable {
    /// One side: the YAML (empty when absent) and a label saying which version it is
    /// (`@120`, `deleted@130`, `absent@5`).
    public struct Side: Sendable, Hashable {
        public var yaml: String
        public var label: String
    }

    /// The older side.
    public var from: Side
    /// The newer side.
    public var to: Side

    /// A unified diff, headed `name@label` on each side; empty when they are equal.
    public func unified(name: String) -> String {
        UnifiedDiff.diff(from.yaml, to.yaml, oldName: name + from.label, newName: name + to.label)
    }
}
