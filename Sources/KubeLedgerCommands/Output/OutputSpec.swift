public import ArgumentParser

/// The value of `-o`: one of KubeLedger's formats, or one of kubectl's formats that only `get`
/// prints (``KubectlOutput``; other commands refuse those when they open the store).
public struct OutputSpec: ExpressibleByArgument, Sendable, Hashable, CustomStringConvertible {
    /// The format for commands that print only KubeLedger's formats (`.table` for kubectl's).
    public var format: OutputFormat
    /// kubectl's format, when one was asked for.
    public var kubectl: KubectlOutput?

    public init(format: OutputFormat, kubectl: KubectlOutput? = nil) {
        self.format = format
        self.kubectl = kubectl
    }

    public init?(argument: String) {
        if let f = OutputFormat(rawValue: argument) {
            self.init(format: f)
        } else if let k = KubectlOutput(argument: argument) {
            self.init(format: .table, kubectl: k)
        } else {
            return nil
        }
    }

    public var description: String {
        kubectl?.argument ?? format.rawValue
    }

    public static var allValueStrings: [String] {
        OutputFormat.allCases.map(\.rawValue) + ["name", "jsonpath=…", "custom-columns=…"]
    }
}
