import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger migrate`: brings a store of an older format up to date, atomically.
    struct Migrate: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Upgrade the store to this version's format (all steps in one atomic transaction).",
            discussion:
                "A crash during the migration leaves the old format, never a mix. Take a 'kubeledger backup' first.")

        @OptionGroup var global: GlobalOptions

        /// Only report.
        @Flag(name: .customLong("dry-run"), help: "Show the pending steps without applying them.")
        var dryRun = false

        func execute() throws {
            let o = try LedgerMigrator.migrate(path: global.storePath, dryRun: dryRun)
            var j = JSONObject()
            j["store"] = .string(global.storePath)
            j["fromFormat"] = .number(String(o.fromFormat))
            j["toFormat"] = .number(String(o.toFormat))
            j["applied"] = .array(o.applied.map { .string($0) })
            j["migrations"] = .array(o.migrations.map { .string($0) })
            j["dryRun"] = .bool(dryRun)
            switch global.output {
            case .table, .wide:
                if o.applied.isEmpty {
                    Terminal.print("store at \(global.storePath) is at format \(o.fromFormat): nothing to migrate")
                } else {
                    Terminal.print(
                        "\(dryRun ? "would migrate" : "migrated") \(global.storePath) from format \(o.fromFormat) to "
                            + "\(o.toFormat): \(o.applied.joined(separator: ", "))"
                    )
                }
            default: Rendering.print(.object(j), as: global.output)
            }
        }
    }
}
