/// The index entries the log implies, one ``IndexDigest`` per index, added event by event while
/// ``Ledger/verify(progress:)`` reads the log; compared at the end with digests of the indexes
/// themselves (``Ledger/indexDigests(_:)``).
///
/// One function per index, so that a change of one index's layout changes one function here and
/// its walk in `Ledger+VerifyInParallel.swift` (and its check in the sequential pass).
struct ExpectedIndexEntries {
    var objects = IndexDigest()
    var time = IndexDigest()
    var ids = IndexDigest()
    var actors = IndexDigest()
    var uids = IndexDigest()
    /// The last uid and verb of each object, for the `uids` runs.
    private var uidRuns = UIDRunTracker()

    /// Adds every entry event `e` (at revision `r`, object version `version`) implies.
    mutating func add(_ e: RecordedEvent, revision r: UInt64, version: UInt64) {
        addObjectsEntry(e, revision: r, version: version)
        addTimeEntry(e, revision: r)
        addIDsEntries(e, revision: r)
        addActorsEntry(actor: e.actor, revision: r)
        addUIDsEntry(e, revision: r)
    }

    /// `objects`: object key + revision → object version + verb.
    mutating func addObjectsEntry(_ e: RecordedEvent, revision r: UInt64, version: UInt64) {
        let key = LedgerKeys.object(e.object.key.encoded, r)
        objects.add(key: key, value: LedgerKeys.objectValue(version: version, verb: e.verb))
    }

    /// `time`: occurredAt + revision (the value is not checked).
    mutating func addTimeEntry(_ e: RecordedEvent, revision r: UInt64) {
        time.add(key: LedgerKeys.time(e.occurredAt.nanoseconds, r))
    }

    /// `ids`: the event's id → its revision, and the join entry of a joining event → its revision.
    mutating func addIDsEntries(_ e: RecordedEvent, revision r: UInt64) {
        if !e.eventID.isEmpty { ids.add(key: Array(e.eventID.utf8), value: LedgerKeys.revision(r)) }
        if e.joinsSameObjectVersion,
            let jk = LedgerKeys.join(uid: e.object.uid, resourceVersion: e.resourceVersion)
        {
            ids.add(key: jk, value: LedgerKeys.revision(r))
        }
    }

    /// `ids`: an amendment's event id → the amended revision (the amendment entry itself is not
    /// counted on either side: the walk checks it against its event).
    mutating func addAmendedID(_ eventID: String, revision r: UInt64) {
        if !eventID.isEmpty { ids.add(key: Array(eventID.utf8), value: LedgerKeys.revision(r)) }
    }

    /// `actors`: actor + revision (for an event's actor and an amendment's).
    mutating func addActorsEntry(actor: String, revision r: UInt64) {
        if !actor.isEmpty { actors.add(key: LedgerKeys.actor(actor, r)) }
    }

    /// `uids` (format 5): the start and end entries of uid runs (``UIDRuns``), keys and values,
    /// as the sequential pass's `checkUIDRunEntries` expects them.
    mutating func addUIDsEntry(_ e: RecordedEvent, revision r: UInt64) {
        for (key, value) in uidRuns.entries(prefix: e.object.key.encoded, uid: e.object.uid, verb: e.verb, revision: r)
        {
            uids.add(key: key, value: value)
        }
    }
}
