public import Ledger

/// What the recorder has done so far (the summary on exit; `/metrics`).
public struct RecorderStats: Sendable {
    public var eventsRecorded = 0
    public var commits = 0
    public var relists = 0
    public var watchRestarts = 0
    public var lastRevision: UInt64 = 0
    public var lastCommit: Timestamp?
    public var lastCommitDuration: Duration = .zero
    /// Events committed, by resource (cursor name; `audit` for webhook events).
    public var eventsByResource: [String: Int] = [:]
    /// From the arrival of the oldest event of the last transaction to its commit.
    public var lastCommitLagSeconds = 0.0

    public init() {}
}
