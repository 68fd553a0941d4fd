/// A JSONPathTemplate template or custom-columns spec that cannot be parsed, in kubectl's words.
public struct JSONPathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The whole message (`error parsing jsonpath {.a[}, unclosed array expect ]`).
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
