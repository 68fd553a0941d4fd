public import Ledger

/// A rollback worked out from the whole history: the plan (the manifest to apply, or why there is
/// nothing to do) and the version of the workload it was planned against.
public struct RollbackProposal: Sendable {
    /// The manifest and kubectl's message, or the reason nothing changes.
    public var plan: RollbackPlan
    /// The workload's latest event (its object is the current state).
    public var current: RecordedEvent
    /// The workload's object version the plan was made from: recording the rollback expects it,
    /// so a change recorded meanwhile makes the recording a conflict instead of a lost update.
    public var currentVersion: UInt64
}
