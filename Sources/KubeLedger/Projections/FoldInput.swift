public import Ledger

/// One event as a registry fold hands it to every projection: the event, and what several
/// projections derive from it, computed on first use and then shared (the ``EventContext`` of
/// its envelope, and the ``PodSummary`` that the Pods, StatefulSet identity and DaemonSets folds
/// all pick from a pod's body). Folding a set of projections through one `FoldInput` per event
/// reads each body once, instead of once per projection.
///
/// Not `Sendable`: a fold creates one per event and uses it on its own thread.
public final class FoldInput {
    /// The event being folded.
    public let event: RecordedEvent

    /// The event's envelope as the folds take it.
    private(set) lazy var context = EventContext(event)

    private var summaryPicked = false
    private var summary: PodSummary?

    /// An input for `event`.
    public init(_ event: RecordedEvent) { self.event = event }

    /// An input for an event whose pod summary was picked ahead (``PreparedEvent``).
    public init(_ prepared: PreparedEvent) {
        event = prepared.event
        summary = prepared.podSummary
        summaryPicked = Self.isPod(prepared.event)
    }

    /// The event's object group (empty for the core group).
    var group: String { event.object.group }

    /// Whether the event is of a core-group Pod.
    var isPod: Bool { Self.isPod(event) }

    /// Whether `event` is of a core-group Pod.
    static func isPod(_ event: RecordedEvent) -> Bool { event.object.kind == "Pod" && event.object.group.isEmpty }

    /// The pod summary picked from the body of a Pod event (`nil` without a usable body).
    var podSummary: PodSummary? {
        if !summaryPicked {
            summaryPicked = true
            summary = event.body.flatMap(PodSummary.init(json:))
        }
        return summary
    }
}
