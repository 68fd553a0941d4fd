/// The rule of the `uids` index since format 5: entries where a *run* of one uid begins, and
/// where one ends without a delete, instead of one entry per event.
///
/// A run is a maximal sequence of consecutive events of one object (one `objects` key) with the
/// same non-empty uid and no delete inside: it begins at the object's first event, at the first
/// event after a delete, or where the uid changes; it ends with a delete (included) or just before
/// the object's next event with another uid, or none (a delete the log never saw).
///
/// - start entry: `uid 0 revision` → the object's key bytes (its `objects` prefix): the run's
///   first event;
/// - end entry: `uid 0 revision` → empty: the run of `uid` on the object whose event `revision`
///   is ended just before it (that event carries another uid, or none).
///
/// A reader finds a uid's events by walking `objects` from each start entry until a delete or an
/// end entry (``Ledger/revisions(byUID:from:to:)``). A pod's lifecycle (create, updates, delete)
/// costs one `uids` entry instead of one per event: the entry, at a random place in the tree, was
/// about a third of the index pages an append wrote (docs/performance.md).
enum UIDRuns {
    /// The `uids` entries an event adds: whether it starts a run of its own `uid`, and whether it
    /// ends the run of `previous.uid`.
    ///
    /// - Parameter previous: the object's previous event — `nil` when there is none — as whether
    ///   it was a delete and its uid (read only when it was not a delete: `previousUID` is called
    ///   at most once, and only then).
    @inline(__always)
    static func step<U: Collection<UInt8>>(
        uid: some Collection<UInt8>, previousDeleted: Bool?, previousUID: () throws -> U
    ) rethrows -> (starts: Bool, endsPrevious: Bool) {
        guard let previousDeleted, !previousDeleted else { return (!uid.isEmpty, false) }
        let before = try previousUID()
        if before.elementsEqual(uid) { return (false, false) }
        return (!uid.isEmpty, !before.isEmpty)
    }

    /// The value of a start entry: the object's key bytes.
    static func startValue(prefix: [UInt8]) -> [UInt8] { prefix }

    /// The value of an end entry: empty.
    static let endValue: [UInt8] = []
}
