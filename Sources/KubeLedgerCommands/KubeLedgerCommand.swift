public import ArgumentParser

/// The `kubeledger` command: a history store for Kubernetes.
public struct KubeLedgerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kubeledger",
        abstract: "A persistent, tamper-evident history of a Kubernetes cluster.",
        discussion: """
            Every cluster mutation is an event in an LMDB log with who made it and the full object.
            Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, 4 conflict, 5 integrity failure.
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Append.self, Import.self, Log.self, Show.self, Get.self, Rollout.self, Identity.self,
            Diff.self, Audit.self, Replay.self, Export.self, Stats.self, Verify.self, Migrate.self, Backup.self,
            Restore.self, Serve.self, Record.self,
        ]
    )

    public init() {}
}

extension KubeLedgerCommand {
    /// Runs the command line of this process and exits (the executable's one-line entry point).
    ///
    /// ArgumentParser's `main()` exits 64 (EX_USAGE) on a usage error: an unknown option, a missing
    /// argument, a value its type rejects, or a `ValidationError` from `validate()`. The CLI contract
    /// says usage errors exit 2, so this prints ArgumentParser's message unchanged and exits 2
    /// instead; `--help` and `--version` still print to stdout and exit 0, and every other error keeps
    /// its own status.
    public static func runMain() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { Terminal.note(message) }
            Glibc.exit(ExitStatus.usage.rawValue)
        }
        Glibc.exit(0)
    }
}

#if canImport(Glibc)
import Glibc
#endif
