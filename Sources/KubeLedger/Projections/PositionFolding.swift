import Ledger

/// A projection a query can fold in position order (occurrence time, then revision), where
/// revisions come out of order (backfilled or late events, see ``OccurrenceClock``).
///
/// A projection ignores an event at or below its ``Projection/lastRevision`` so that replaying an
/// overlap in revision order is harmless; a fold by position sets that guard aside for each event
/// and leaves ``Projection/lastRevision`` at the highest revision folded.
protocol PositionFolding: Projection {
    var lastRevision: UInt64 { get set }
}

extension PositionFolding {
    /// Folds `event`, whatever its revision relative to those folded before.
    mutating func applyInPositionOrder(_ event: RecordedEvent) {
        let highest = max(lastRevision, event.revision)
        lastRevision = 0
        apply(event)
        lastRevision = highest
    }
}

extension LiveObjectsProjection {
    /// Folds `write`, whatever its revision relative to those folded before.
    mutating func applyInPositionOrder(_ write: ObjectWrite) {
        let highest = max(lastRevision, write.revision)
        lastRevision = 0
        apply(write)
        lastRevision = highest
    }
}

extension RolloutsProjection: PositionFolding {}
extension StatefulSetIdentityProjection: PositionFolding {}
extension LiveObjectsProjection: PositionFolding {}
