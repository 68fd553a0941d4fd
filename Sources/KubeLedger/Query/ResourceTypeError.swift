/// A resource type name that resolves to nothing the ledger knows.
public struct ResourceTypeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name as typed (`widgetz`, `foo.example.com`).
    public var name: String

    public init(name: String) { self.name = name }

    /// kubectl's words: `the server doesn't have a resource type "x"`.
    public var description: String { "the server doesn't have a resource type \"\(name)\"" }
}
