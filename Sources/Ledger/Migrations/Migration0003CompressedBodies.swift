public import LedgerLMDB

/// Format 3: records may store their object body as a zstd frame (record flag bit 2), made with
/// a dictionary built into the binary. Older binaries cannot read such records, hence the new
/// format. The step leaves the log as it is (existing records stay readable; new ones are
/// compressed) and clears the stored projection states (`snapshots`, `checkpoints`): they are
/// derived, the pods projection now keeps a bounded number of gone lifecycles, and the next
/// query or `kubeledger replay` rebuilds them.
///
/// Never edit this step once released.
public struct Migration0003CompressedBodies: LedgerMigration {
    public init() {}

    public var identifier: String { "0003-zstd-bodies" }
    public var format: UInt32 { 3 }

    public func apply(_ txn: borrowing Transaction) throws {
        for name in [LedgerNames.snapshots, LedgerNames.checkpoints] {
            try txn.empty(try txn.database(named: name, create: true))
        }
    }
}
