public import Ledger

/// What a live recorder commits in one write transaction: watched events, list observations,
/// the list scopes to reconcile, and the cursors (last resourceVersion per resource) that these
/// events bring the store up to.
public struct RecordBatch: Sendable {
    /// Watch events (`.event`, joined by object version) and list observations (`.observed`).
    public var items: [IngestItem] = []
    /// Complete lists: every object of `groupKind` the ledger holds live and the list lacks is
    /// recorded as deleted (source `list`).
    public var relists: [Relist] = []
    /// Cursors to store with the events (name → value).
    public var cursors: [String: String] = [:]

    /// One complete LIST of a resource.
    public struct Relist: Sendable {
        /// `group/Kind` (`/Pod`, `apps/Deployment`).
        public var groupKind: String
        /// The objects the list held (`namespace/name`).
        public var present: Set<String>
        /// When the list was taken.
        public var observedAt: Timestamp
        /// The list's resourceVersion.
        public var resourceVersion: String

        public init(groupKind: String, present: Set<String>, observedAt: Timestamp, resourceVersion: String) {
            self.groupKind = groupKind
            self.present = present
            self.observedAt = observedAt
            self.resourceVersion = resourceVersion
        }
    }

    public init() {}

    /// Whether there is nothing to write.
    public var isEmpty: Bool { items.isEmpty && relists.isEmpty && cursors.isEmpty }
}
