import Ledger

/// What one ingest stored and passed over: the figures `append` and `import` print.
public struct IngestReport: Sendable, Hashable {
    /// Events stored.
    public var appended = 0
    /// Records passed over, by reason, in the order they are reported: `duplicate` (an id already
    /// stored), `joined` (the same object version from another source), `unchanged` (an
    /// observation equal to the ledger's state), then the adapters' reasons.
    public var skippedByReason: [(reason: String, count: Int)] = []
    /// Records rejected (stored nothing).
    public var rejectedCount = 0
    /// The first rejects, with file and line, for the user to read.
    public var rejects: [IngestError] = []
    /// The first and last revision stored, if any.
    public var firstRevision: UInt64?
    public var lastRevision: UInt64?
    /// Set when the input's second read differed from its first (a file still being written).
    public var changedBetweenPasses: String?

    public init() {}

    /// The report of one append: what it stored, and its duplicates and joins as skip reasons.
    init(_ r: AppendResult) {
        appended = r.appended
        firstRevision = r.firstRevision
        lastRevision = r.lastRevision
        if r.skipped > 0 { skippedByReason.append(("duplicate", r.skipped)) }
        if r.joined > 0 { skippedByReason.append(("joined", r.joined)) }
    }

    /// All records passed over.
    public var skipped: Int { skippedByReason.reduce(0) { $0 + $1.count } }

    public static func == (a: IngestReport, b: IngestReport) -> Bool {
        a.appended == b.appended && a.skippedByReason.map(\.reason) == b.skippedByReason.map(\.reason)
            && a.skippedByReason.map(\.count) == b.skippedByReason.map(\.count) && a.rejectedCount == b.rejectedCount
            && a.rejects == b.rejects && a.firstRevision == b.firstRevision && a.lastRevision == b.lastRevision
            && a.changedBetweenPasses == b.changedBetweenPasses
    }

    public func hash(into h: inout Hasher) {
        h.combine(appended)
        h.combine(rejectedCount)
        h.combine(firstRevision)
        h.combine(lastRevision)
    }
}
