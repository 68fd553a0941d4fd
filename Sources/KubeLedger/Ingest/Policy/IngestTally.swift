/// Counts of what an adapter yielded, for the import summary.
///
/// The tally keeps the details of at most ``rejectLimit`` rejects (the first ones, which is what
/// a user reads), and counts all of them in ``rejectedCount``, so tallying an input of any size,
/// even one that is all garbage, takes bounded memory.
public struct IngestTally: Sendable, Hashable {
    /// `.event` items.
    public var events = 0
    /// `.observed` items.
    public var observed = 0
    /// `.restored` items.
    public var restored = 0
    /// `.skipped` items by reason.
    public var skipped: [SkipReason: Int] = [:]
    /// The first ``rejectLimit`` `.rejected` items, in input order.
    public var rejected: [IngestError] = []
    /// All `.rejected` items, including those beyond ``rejectLimit``.
    public var rejectedCount = 0
    /// How many rejects ``rejected`` keeps.
    public var rejectLimit: Int

    /// An empty tally that keeps the details of the first `rejectLimit` rejects (all by default).
    public init(rejectLimit: Int = .max) {
        self.rejectLimit = rejectLimit
    }

    /// A tally of `items`.
    public init(_ items: some Sequence<IngestItem>) {
        self.init()
        for item in items { add(item) }
    }

    /// Counts `item`.
    public mutating func add(_ item: IngestItem) {
        switch item {
        case .event: events += 1
        case .observed: observed += 1
        case .restored: restored += 1
        case .skipped(let reason, _): skipped[reason, default: 0] += 1
        case .rejected(let error):
            rejectedCount += 1
            if rejected.count < rejectLimit { rejected.append(error) }
        }
    }

    /// All skipped items.
    public var skippedTotal: Int { skipped.values.reduce(0, +) }

    /// The items that become appends or observations (`.event`, `.observed`, `.restored`).
    public var storable: Int { events + observed + restored }
}
