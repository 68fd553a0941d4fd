/// An optimistic-concurrency condition on an object's version, checked inside the append's
/// write transaction.
public enum ExpectedVersion: Sendable, Hashable {
    /// No check.
    case any
    /// The object must not exist: never seen, or its last event is a delete.
    case absent
    /// The object's current version (its latest ``RecordedEvent/objectVersion``) must be this.
    case exact(UInt64)
}
