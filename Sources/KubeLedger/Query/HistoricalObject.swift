public import Ledger

/// One object as it was at a point in history.
public struct HistoricalObject: Sendable {
    /// Where the object is kept (group, kind, namespace, name).
    public var key: ObjectKey
    /// The event that last wrote it (its revision, time, actor …; the body is in ``body``).
    public var event: RecordedEvent
    /// The object as parsed (only `metadata` when the query asked for metadata only), with
    /// `metadata.namespace` filled in from the key when the stored object had none (objects
    /// appended from client-side manifests).
    public var value: JSONValue
    /// The stored JSON bytes.
    public var body: [UInt8]
}
