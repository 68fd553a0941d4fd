import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger init`: creates the store.
    struct Init: LedgerSubcommand {
        static let configuration = CommandConfiguration(abstract: "Create the store (appending creates it too).")

        @OptionGroup var global: GlobalOptions

        func execute() throws {
            let path = global.storePath
            let existed = (try? global.openLedger(create: false)) != nil
            let ledger = try global.openLedger(create: true)
            let stats = try ledger.stats()
            switch global.output {
            case .json, .jsonl, .yaml:
                Rendering.print(
                    .object(
                        .init([
                            ("store", .string(path)), ("created", .bool(!existed)),
                            ("format", .number(String(stats.format))),
                        ])), as: global.output)
            default:
                Terminal.print(
                    existed ? "store at \(path) already exists (\(stats.events) events)" : "created store at \(path)")
            }
        }
    }
}
