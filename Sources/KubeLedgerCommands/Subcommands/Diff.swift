import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger diff KIND/NAME --from --to`.
    struct Diff: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Unified YAML diff of one object between two revisions or times.",
            discussion: "Noise (managedFields, resourceVersion, status timestamps) is hidden unless --all.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "KIND/NAME.") var target: String
        @Option(name: [.customShort("n"), .long], help: "The namespace (default: default).") var namespace = "default"
        @Option(help: "From this revision or time.") var from: String
        @Option(help: "To this revision or time (default: now).") var to: String?
        @Flag(help: "Show every field, noise included.") var all = false

        func execute() throws {
            let (kind, group, name) = try KindArgument.split(target)
            let history = History(ledger: try global.openLedger())
            let key = try history.objectKey(kind: kind, group: group, namespace: namespace, name: name)
            let fromPoint = try history.point(PointInHistory.parse(from, option: "--from"))
            let toPoint = try history.point(to.map { try PointInHistory.parse($0, option: "--to") })
            let d = try history.diff(key, from: fromPoint, to: toPoint, hideNoise: !all).unified(name: target)
            if d.isEmpty {
                Terminal.note("no changes to \(target) between \(from) and \(to ?? "now")")
            } else {
                Terminal.write(1, d.hasSuffix("\n") ? d : d + "\n")
            }
        }
    }
}
