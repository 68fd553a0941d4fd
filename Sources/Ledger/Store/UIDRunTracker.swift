/// ``UIDRuns`` over a whole pass of the log in revision order (repair, migration, verify): the
/// last uid and verb of every object seen.
struct UIDRunTracker {
    private var last: [[UInt8]: (deleted: Bool, uid: [UInt8])] = [:]

    /// The `uids` entries (key, value) the event at `revision` of the object `prefix` implies,
    /// the end entry of the previous uid's run first, then the start of this one.
    mutating func entries(
        prefix: [UInt8], uid: String, verb: Verb, revision: UInt64
    ) -> [(key: [UInt8], value: [UInt8])] {
        let uidBytes = Array(uid.utf8)
        let previous = last[prefix]
        let (starts, ends) = UIDRuns.step(uid: uidBytes, previousDeleted: previous?.deleted) { previous?.uid ?? [] }
        last[prefix] = (verb == .delete, uidBytes)
        var out: [(key: [UInt8], value: [UInt8])] = []
        if ends, let previous { out.append((LedgerKeys.uid(previous.uid, revision), UIDRuns.endValue)) }
        if starts { out.append((LedgerKeys.uid(uidBytes, revision), UIDRuns.startValue(prefix: prefix))) }
        return out
    }
}
