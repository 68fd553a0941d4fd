/// A label or field selector that cannot be parsed or is not supported.
public struct SelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The selector as given.
    public var selector: String
    /// What is wrong with it.
    public var reason: String

    public init(_ selector: String, _ reason: String) {
        self.selector = selector
        self.reason = reason
    }

    public var description: String { "unable to parse requirement '\(selector)': \(reason)" }
}
