/// What one append stored.
public struct AppendResult: Sendable, Hashable {
    /// Events stored.
    public var appended: Int
    /// Events skipped because their id was already stored (idempotent re-import).
    public var skipped: Int
    /// Events not stored because a stored event records the same mutation (same object uid and
    /// resourceVersion, from another source); their provenance may have amended it.
    public var joined: Int = 0
    /// The lowest revision whose provenance a joining event amended, if any (folds that show
    /// actors from that revision on are out of date).
    public var firstAmendedRevision: UInt64?
    /// The first revision stored, if any.
    public var firstRevision: UInt64?
    /// The last revision stored, if any.
    public var lastRevision: UInt64?
    /// For each input event, the revision it got, or `nil` if it was a duplicate.
    public var revisions: [UInt64?]

    public init(
        appended: Int = 0, skipped: Int = 0, firstRevision: UInt64? = nil, lastRevision: UInt64? = nil,
        revisions: [UInt64?] = []
    ) {
        self.appended = appended
        self.skipped = skipped
        self.firstRevision = firstRevision
        self.lastRevision = lastRevision
        self.revisions = revisions
    }
}
