public import Ledger

/// One Kubernetes object read from an input: its reference, the JSON bytes to store, and where it
/// came from.
public struct ParsedObject: Sendable, Hashable {
    /// apiVersion, kind, namespace, name, uid.
    public var reference: ObjectReference
    /// `metadata.resourceVersion`, empty when absent.
    public var resourceVersion: String
    /// `metadata.annotations["kubernetes.io/change-cause"]`, if any.
    public var changeCause: String?
    /// The object as compact JSON (whitespace outside strings dropped; nothing else changed,
    /// except that list items without `apiVersion`/`kind` get them from their list).
    public var body: [UInt8]
    /// The 1-based line where the object starts.
    public var line: Int
    /// The 1-based document (YAML document, or list item within the input).
    public var document: Int
}
