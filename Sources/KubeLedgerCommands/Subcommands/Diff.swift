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
            let ledger = try global.openLedger()
            let key = try objectKey(kind: kind, group: group, namespace: namespace, name: name, ledger: ledger)
            let fromRev = try PointInHistory.parse(from, option: "--from").revision(in: ledger, option: "--from")
            let toRev =
                try to.map { try PointInHistory.parse($0, option: "--to").revision(in: ledger, option: "--to") }
                ?? ledger.lastRevision()
            func text(at r: UInt64) throws -> (String, String) {
                guard let entry = try ledger.latest(of: key, atOrBefore: r) else { return ("", "absent@\(r)") }
                if entry.verb == .delete { return ("", "deleted@\(entry.revision)") }
                guard let body = try ledger.event(at: entry.revision)?.body,
                    let v = try? JSONReader.parse(body, maxDepth: 10_000)
                else { return ("", "@\(entry.revision)") }
                return (KubectlYAML.render(all ? v : DiffNoiseFilter.filter(v)), "@\(entry.revision)")
            }
            let (a, aLabel) = try text(at: fromRev)
            let (b, bLabel) = try text(at: toRev)
            let d = UnifiedDiff.diff(a, b, oldName: "\(target)\(aLabel)", newName: "\(target)\(bLabel)")
            if d.isEmpty {
                Terminal.note("no changes to \(target) between revision \(fromRev) and \(toRev)")
            } else {
                Terminal.write(1, d.hasSuffix("\n") ? d : d + "\n")
            }
        }
    }
}
