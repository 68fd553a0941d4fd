public import ArgumentParser
public import Ledger

/// `--verb create|update|patch|delete`, parsed by ArgumentParser so that a bad verb is a usage
/// error (exit 2) with the four names in its message, in every subcommand that takes one.
///
/// The conformance is public because `Verb` and the protocol are (Swift has no internal
/// conformances), hence the public imports. Every requirement is spelled out: `Verb` is
/// `RawRepresentable` with `UInt8` raw values, and ArgumentParser's defaults for such types would
/// parse and list `1`…`4` instead of the names.
extension Verb: ExpressibleByArgument {
    /// Parses `create`, `update`, `patch` or `delete`.
    public init?(argument: String) {
        self.init(name: argument)
    }

    /// The verb's name, as in help text.
    public var defaultValueDescription: String { description }

    /// The four names, for help text and the usage error's message.
    public static var allValueStrings: [String] { allCases.map(\.description) }

    /// No per-value descriptions: the names say it.
    public static var allValueDescriptions: [String: String] { [:] }

    /// Shell completion offers the four names.
    public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}
