public import Ledger

/// The key that joins records of one mutation seen through different sources.
///
/// An audit record's response object and the watch event of the same write carry the same
/// `metadata.uid` and `metadata.resourceVersion` (every persisted write gets a new
/// resourceVersion, §7.1), so `uid/resourceVersion` identifies the mutation whatever reported it.
public enum ProvenanceKey {
    /// `uid/resourceVersion`, or `nil` when either is unknown (empty).
    public static func joinKey(uid: String, resourceVersion: String) -> String? {
        guard !uid.isEmpty, !resourceVersion.isEmpty else { return nil }
        return "\(uid)/\(resourceVersion)"
    }

    /// The join key of `event`, or `nil` when its uid or resourceVersion is unknown.
    public static func joinKey(of event: NewEvent) -> String? {
        joinKey(uid: event.object.uid, resourceVersion: event.resourceVersion)
    }

    /// The join key of `event`, or `nil` when its uid or resourceVersion is unknown.
    public static func joinKey(of event: RecordedEvent) -> String? {
        joinKey(uid: event.object.uid, resourceVersion: event.resourceVersion)
    }
}
