public import LedgerLMDB

/// One step of the store format, applied by ``LedgerMigrator`` inside the migration's single
/// write transaction.
///
/// Steps are registered in order in ``LedgerMigrator/steps``, one file each
/// (`Migration0002ObjectsByUID.swift`), described in `migrations/NNNN-name.md`, and never edited
/// once released: a later change is a new step.
///
/// `apply` may run more than once (the environment re-runs a write transaction after growing the
/// map), always on a fresh transaction, so it must have no effect outside `txn`.
public protocol LedgerMigration: Sendable {
    /// The stable identifier recorded in `meta`, such as `"0002-objects-by-uid"`.
    var identifier: String { get }
    /// The format the store has after this step.
    var format: UInt32 { get }
    /// Applies the step. Throw ``LedgerError/migrationFailed(step:reason:)`` to abort the whole
    /// migration (nothing is changed).
    func apply(_ txn: borrowing Transaction) throws
}
