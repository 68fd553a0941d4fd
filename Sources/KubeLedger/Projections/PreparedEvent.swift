public import Ledger

/// An event with what a registry fold derives from its body picked ahead, on another thread:
/// ``ProjectionStore`` reads, decodes and picks the next events on every core while it folds
/// the current ones in order (``Ledger/scanPrepared(from:to:includeBody:chunk:prepare:_:)``).
/// Picking is a pure function of the event, so the fold is the same as picking on first use.
public struct PreparedEvent: Sendable {
    /// The event.
    public let event: RecordedEvent
    /// The pod summary of a Pod event (`nil` without a usable body); `nil` for other kinds.
    let podSummary: PodSummary?

    /// Prepares `event`.
    public init(_ event: RecordedEvent) {
        self.event = event
        podSummary = FoldInput.isPod(event) ? event.body.flatMap(PodSummary.init(json:)) : nil
    }
}
