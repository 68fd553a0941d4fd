public import Ledger

/// What the recorder has done so far (the summary on exit; `/metrics`).
public struct RecorderStats: Sendable {
    /// Events stored (duplicates and joins not counted).
    public var eventsRecorded = 0
    /// Write transactions committed.
    public var commits = 0
    /// Lists (or WatchList initial states) reconciled.
    public var relists = 0
    /// Watches restarted after a failure.
    public var watchRestarts = 0
    /// The store's last revision after the last commit.
    public var lastRevision: UInt64 = 0
    /// When the last transaction was committed, and how long it took.
    public var lastCommit: Timestamp?
    public var lastCommitDuration: Duration = .zero
    /// Events committed, by resource (cursor name; `audit` for webhook events).
    public var eventsByResource: [String: Int] = [:]
    /// From the arrival of the oldest event of the last transaction to its commit.
    public var lastCommitLagSeconds = 0.0

    public init() {}
}
