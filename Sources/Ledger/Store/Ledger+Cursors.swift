import LedgerLMDB

/// Recorder cursors: small named values in `meta` (`cursor/<name>`), written only by
/// ``Ledger/append(_:recordedAt:cursors:)`` in the same transaction as the events they cover.
///
/// `kubeledger record` keeps the last resourceVersion of each watched resource here, so a restart
/// after a crash resumes exactly after the last committed event: no gap, no duplicate.
extension Ledger {
    /// Every cursor, by name.
    ///
    /// - Throws: ``LMDBError``.
    public func cursors() throws -> [String: String] {
        try environment.read { txn in
            var out: [String: String] = [:]
            let prefix = LedgerNames.cursorPrefix
            try txn.withCursor(meta) { c in
                var e = try c.seek(atLeast: prefix)
                while let en = e, en.key.starts(with: prefix) {
                    let name = String(decoding: en.key.dropFirst(prefix.count), as: UTF8.self)
                    out[name] = String(decoding: en.value, as: UTF8.self)
                    e = try c.next()
                }
            }
            return out
        }
    }
}
