public import LedgerLMDB

/// Brings a store of an older format up to ``Ledger/formatVersion``, atomically.
///
/// Every pending step, and the new `format` and `migrations` entries of `meta`, are written in
/// one LMDB write transaction: a crash (even `kill -9`) leaves the old format or the new one,
/// never a mix.
///
/// ```swift
/// let outcome = try LedgerMigrator.migrate(path: "/var/lib/kubeledger")
/// print(outcome.applied)   // ["0002-objects-by-uid"]
/// ```
public enum LedgerMigrator {
    /// The code steps, in order. `0001-initial-layout` is the baseline and has no code.
    public static let steps: [any LedgerMigration] = [
        Migration0002ObjectsByUID(), Migration0003CompressedBodies(), Migration0004DerivedCaches(),
        Migration0005UIDRuns(),
    ]

    /// The identifier of the baseline layout.
    public static let baseline = "0001-initial-layout"

    /// Every identifier a store of the current format has applied.
    public static var allIdentifiers: [String] { [baseline] + steps.map(\.identifier) }

    /// What a migration did (or would do).
    public struct Outcome: Sendable, Hashable {
        /// The format found.
        public var fromFormat: UInt32
        /// The format after migrating.
        public var toFormat: UInt32
        /// The steps applied (empty when the store was current).
        public var applied: [String]
        /// Every step the store has now.
        public var migrations: [String]
    }

    /// Applies every pending step to the store at `path` in one write transaction.
    ///
    /// - Parameter dryRun: only report what would be applied.
    /// - Throws: ``LedgerError/storeNotFound(path:)``, ``LedgerError/formatMismatch(path:found:expected:)``
    ///   for a store newer than this version, ``LedgerError/migrationFailed(step:reason:)``, ``LMDBError``.
    public static func migrate(
        path: String, configuration: Environment.Configuration = Environment.Configuration(), dryRun: Bool = false
    ) throws -> Outcome {
        var options = Ledger.Options()
        options.environment = configuration
        _ = try Ledger.prepareDirectory(path, options: options)
        let env = try Environment(path: path, configuration: configuration)
        let meta = try env.read { txn in try txn.database(named: LedgerNames.meta, create: false) }
        let (found, applied) = try env.read { txn in try state(txn, meta: meta) }
        if found > Ledger.formatVersion {
            throw LedgerError.formatMismatch(path: path, found: found, expected: Ledger.formatVersion)
        }
        let pending = steps.filter { $0.format > found && !applied.contains($0.identifier) }
        var outcome = Outcome(fromFormat: found, toFormat: found, applied: [], migrations: applied)
        guard !pending.isEmpty || found < Ledger.formatVersion else { return outcome }
        outcome.toFormat = Ledger.formatVersion
        outcome.applied = pending.map(\.identifier)
        outcome.migrations = applied + outcome.applied
        if dryRun { return outcome }
        try env.write { txn in
            for step in pending { try step.apply(txn) }
            var v = Ledger.formatVersion.bigEndian
            try txn.put(meta, key: LedgerNames.formatKey, value: withUnsafeBytes(of: &v) { Array($0) })
            try txn.put(
                meta, key: LedgerNames.migrationsKey, value: Array(outcome.migrations.joined(separator: "\n").utf8))
        }
        return outcome
    }

    /// The format and applied steps recorded in `meta`.
    static func state(_ txn: borrowing Transaction, meta: Database) throws -> (UInt32, [String]) {
        let format =
            try txn.getBytes(meta, key: LedgerNames.formatKey).map { b in b.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
            ?? 1
        let applied =
            try txn.getBytes(meta, key: LedgerNames.migrationsKey)
            .map { String(decoding: $0, as: UTF8.self).split(separator: "\n").map(String.init) } ?? [baseline]
        return (format, applied)
    }
}
