/// The outcome of ``Ledger/verify(progress:)``.
public struct VerifyReport: Sendable, Hashable {
    /// Events whose record, chain link and index entries were checked.
    public var eventsChecked: UInt64 = 0
    /// The first revision found bad, if any.
    public var firstBadRevision: UInt64?
    /// What is wrong there.
    public var problem: String?
    /// When the problem is a record that does not decode: the decoder's error.
    public var decodingError: LedgerError?
    /// The chain head found (hex), when the log is not empty.
    public var chainHead: String = ""

    /// Whether the log, its chain and every index agree.
    public var isValid: Bool { problem == nil }
}
