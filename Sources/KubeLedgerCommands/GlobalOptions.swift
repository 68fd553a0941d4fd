public import ArgumentParser
import Ledger

#if canImport(Glibc)
import Glibc
#endif

/// Output formats of `-o`.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, wide, json, yaml, jsonl
}

/// Options every subcommand shares.
public struct GlobalOptions: ParsableArguments {
    /// The store directory.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store directory (holds data.mdb and lock.mdb).",
            discussion: "Default: $KUBELEDGER_STORE, else $XDG_DATA_HOME/kubeledger, else ~/.local/share/kubeledger.",
            valueName: "dir"))
    public var store: String?

    /// The `-o` value as given.
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp(
            "Output format: table, wide, json, yaml or jsonl.",
            discussion:
                "get also prints name, jsonpath=…, jsonpath-file=…, custom-columns=…, custom-columns-file=…",
            valueName: "output"))
    public var outputSpec = OutputSpec(format: .table)

    /// The output format (`.table` for kubectl's formats that only `get` prints).
    public var output: OutputFormat { outputSpec.format }

    /// Open the store without writing (another process may be writing to it).
    @Flag(name: .customLong("read-only"), help: "Open the store read-only (safe beside a process that writes).")
    public var readOnly = false

    public init() {}

    /// The store path after defaults.
    public var storePath: String {
        if let store, !store.isEmpty { return store }
        let env = { (name: String) -> String? in
            getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let s = env("KUBELEDGER_STORE") { return s }
        if let x = env("XDG_DATA_HOME") { return x + "/kubeledger" }
        return (env("HOME") ?? ".") + "/.local/share/kubeledger"
    }

    /// Opens the store; `create` makes it when missing.
    ///
    /// - Parameter kubectlFormats: whether the command prints `get`'s kubectl formats (`-o name`,
    ///   `jsonpath=…`, `custom-columns=…`); any other command refuses them as a usage error.
    func openLedger(create: Bool = false, kubectlFormats: Bool = false) throws -> Ledger {
        if let k = outputSpec.kubectl, !kubectlFormats {
            throw CommandFailure(
                .usage, "-o \(k.argument): only get prints this format; use table, wide, json, yaml or jsonl")
        }
        var options = Ledger.Options()
        options.create = create && !readOnly
        options.readOnly = readOnly
        return try Ledger(path: storePath, options: options)
    }
}
