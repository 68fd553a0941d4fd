public import LedgerLMDB

/// Format 3: records may store their object body as a zstd frame (record flag bit 2), made with
/// a dictionary built into the binary. Older binaries cannot read such records, hence the new
/// format; the step itself changes no data (existing records stay as they are and readable, new
/// ones are compressed), so it is instantaneous on any store.
///
/// Never edit this step once released.
public struct Migration0003CompressedBodies: LedgerMigration {
    public init() {}

    public var identifier: String { "0003-zstd-bodies" }
    public var format: UInt32 { 3 }

    public func apply(_ txn: borrowing Transaction) throws {}
}
