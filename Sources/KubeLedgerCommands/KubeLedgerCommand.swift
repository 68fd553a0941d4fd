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
            Diff.self, Audit.self, Replay.self, Export.self, Stats.self, Verify.self, Migrate.self, Backup.self, Restore.self,
        ]
    )

    public init() {}
}

extension KubeLedgerCommand {
    /// Runs the command line of this process and exits (the executable's one-line entry point).
    public static func runMain() -> Never {
        main()
        Glibc.exit(0)
    }
}

#if canImport(Glibc)
import Glibc
#endif
