import LedgerLMDB

extension Ledger {
    /// Every `group/kind` the log holds an object of (`/Pod`, `apps/Deployment`), in key order:
    /// one seek per distinct kind in the `objects` index, so the cost follows the number of kinds,
    /// not of objects.
    public func groupKinds() throws -> [String] {
        try environment.read { txn in
            try txn.withCursor(objects) { c in
                var out: [String] = []
                var e = try c.first()
                while let en = e, let end = en.key.firstIndex(of: 0) {
                    let groupKind = Array(en.key[en.key.startIndex..<end])
                    out.append(String(decoding: groupKind, as: UTF8.self))
                    // Keys are `groupKind 0 namespace 0 …`: the next kind starts after `groupKind 0 FF…`.
                    e = try c.seek(atLeast: groupKind + [1])
                }
                return out
            }
        }
    }

    /// The apiVersion of the latest event of one object of `groupKind` (how a kind the ledger
    /// does not know is served), or `nil` when the log has none.
    public func apiVersion(ofGroupKind groupKind: String) throws -> String? {
        let scope = Array(groupKind.utf8) + [0]
        let revision: UInt64? = try environment.read { txn in
            try txn.withCursor(objects) { c -> UInt64? in
                guard let en = try c.seek(atLeast: scope), en.key.starts(with: scope), en.key.count >= 8 else {
                    return nil
                }
                return ByteEncoding.readUInt64(en.key, at: en.key.count - 8)
            }
        }
        guard let revision else { return nil }
        return try event(at: revision, includeBody: false)?.object.apiVersion
    }
}
