/// Counts of what an adapter yielded, for the import summary.
public struct IngestTally: Sendable, Hashable {
    /// `.event` items.
    public var events = 0
    /// `.observed` items.
    public var observed = 0
    /// `.restored` items.
    public var restored = 0
    /// `.skipped` items by reason.
    public var skipped: [SkipReason: Int] = [:]
    /// `.rejected` items, in input order.
    public var rejected: [IngestError] = []

    /// An empty tally.
    public init() {}

    /// A tally of `items`.
    public init(_ items: some Sequence<IngestItem>) {
        for item in items { add(item) }
    }

    /// Counts `item`.
    public mutating func add(_ item: IngestItem) {
        switch item {
        case .event: events += 1
        case .observed: observed += 1
        case .restored: restored += 1
        case .skipped(let reason, _): skipped[reason, default: 0] += 1
        case .rejected(let error): rejected.append(error)
        }
    }

    /// All skipped items.
    public var skippedTotal: Int { skipped.values.reduce(0, +) }
}
