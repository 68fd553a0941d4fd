import LedgerLMDB

extension Ledger {
    /// `verify`'s check of the `uids` index (format 5, ``UIDRuns``) for the event `e` at revision
    /// `r` of the object `prefix`: every entry the event implies is stored with its value, and is
    /// counted in `entries` (the index must hold exactly that many when the walk ends).
    ///
    /// - Returns: the problem, or `nil` when the entries are there.
    func checkUIDRunEntries(
        _ txn: borrowing Transaction, _ runs: inout UIDRunTracker, _ e: RecordedEvent, prefix: [UInt8],
        revision r: UInt64, entries: inout Int
    ) throws -> String? {
        for (key, value) in runs.entries(prefix: prefix, uid: e.object.uid, verb: e.verb, revision: r) {
            entries += 1
            guard let stored = try txn.getBytes(uids, key: key) else {
                return value.isEmpty
                    ? "uids index lacks the end of the previous uid's run at this event"
                    : "uids index lacks the start of \(e.object.uid)'s run at this event"
            }
            if stored != value { return "uids index entry of this event disagrees with the log" }
        }
        return nil
    }
}
