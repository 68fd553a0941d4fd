import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger stats`: counts and sizes.
    struct Stats: LedgerSubcommand {
        static let configuration = CommandConfiguration(abstract: "Show counts and sizes of the store.")

        @OptionGroup var global: GlobalOptions

        func execute() throws {
            let s = try global.openLedger().stats()
            var o = JSONObject()
            o["store"] = .string(global.storePath)
            o["format"] = .number(String(s.format))
            o["events"] = .number(String(s.events))
            o["objects"] = .number(String(s.objects))
            o["lastRevision"] = .number(String(s.lastRevision))
            o["chainHead"] = .string(s.chainHead)
            o["firstOccurredAt"] = s.firstOccurredAt.map { .string($0.description) } ?? .null
            o["lastOccurredAt"] = s.lastOccurredAt.map { .string($0.description) } ?? .null
            o["usedBytes"] = .number(String(s.usedBytes))
            o["mapSize"] = .number(String(s.mapSize))
            o["bytesPerEvent"] = .number(String(s.events == 0 ? 0 : s.usedBytes / s.events))
            o["databases"] = .object(
                JSONObject(
                    s.entries.keys.sorted().map { name in
                        (
                            name,
                            .object(
                                .init([
                                    ("entries", .number(String(s.entries[name]!))),
                                    ("bytes", .number(String(s.bytes[name] ?? 0))),
                                ]))
                        )
                    }))
            if let c = s.createdAt { o["createdAt"] = .string(c) }
            switch global.output {
            case .table, .wide:
                var lines = [
                    "Store:        \(global.storePath) (format \(s.format))",
                    "Events:       \(s.events) (revisions 1-\(s.lastRevision))",
                    "Objects:      \(s.objects)",
                    "Time range:   \(s.firstOccurredAt?.description ?? "-") .. \(s.lastOccurredAt?.description ?? "-")",
                    "Disk used:    \(s.usedBytes) bytes "
                        + "(\(s.events == 0 ? 0 : s.usedBytes / s.events) per event), map \(s.mapSize)",
                    "Chain head:   \(s.chainHead.isEmpty ? "-" : s.chainHead)",
                ]
                let header = ["DATABASE", "ENTRIES", "BYTES"]
                var rows: [[String]] = []
                for name in s.entries.keys.sorted() {
                    rows.append([name, String(s.entries[name]!), String(s.bytes[name] ?? 0)])
                }
                lines.append("")
                lines.append(KubectlTable.plain(header: header, rows: rows))
                Terminal.print(lines.joined(separator: "\n"))
            default: Rendering.print(.object(o), as: global.output)
            }
        }
    }
}
