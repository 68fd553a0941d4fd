public import KubeLedger
public import Ledger

/// An object as the server serves it: the stored object, with `metadata.resourceVersion` set to
/// the ledger revision of its last change (so informers resume from ledger revisions) and the
/// cluster's own value kept in the `kubeledger.io/resource-version` annotation.
public enum ServedObject {
    /// The annotation that keeps the cluster's resourceVersion.
    public static let resourceVersionAnnotation = "kubeledger.io/resource-version"

    /// `value` (an object of `event`) as served.
    public static func value(_ value: JSONValue, event: RecordedEvent, entry: ResourceCatalog.Entry?) -> JSONValue {
        guard case .object(var o) = value else { return value }
        if o["apiVersion"] == nil, let entry { o["apiVersion"] = .string(entry.apiVersion) }
        if o["kind"] == nil, let entry { o["kind"] = .string(entry.kind) }
        var metadata = o["metadata"]?.objectValue ?? JSONObject()
        serve(&metadata, event: event)
        o["metadata"] = .object(metadata)
        return .object(o)
    }

    /// The served object's JSON from its stored bytes: as `JSONWriter().bytes(value(…))` of the
    /// parsed object, without parsing and re-writing more than its `metadata`. The other fields
    /// are copied as stored (stored bodies are written by ``JSONWriter``, so the bytes are the
    /// same): only the members `serve` changes are located and replaced; `nil` when the body
    /// needs the whole parse (not an object, no `metadata` object, no `apiVersion` or `kind`).
    ///
    /// - Parameter namespace: the object's namespace from its key, set when the stored
    ///   `metadata` has none (objects appended from client-side manifests).
    public static func bytes(body: [UInt8], namespace: String, event: RecordedEvent) -> [UInt8]? {
        if let spliced = splice(body: body, namespace: namespace, event: event) { return spliced }
        return rewritten(body: body, namespace: namespace, event: event)
    }

    /// ``bytes(body:namespace:event:)`` appended to `out`; `false` (nothing appended) when the
    /// body needs the whole parse.
    public static func append(body: [UInt8], namespace: String, event: RecordedEvent, to out: inout [UInt8]) -> Bool {
        if splice(body: body, namespace: namespace, event: event, to: &out) { return true }
        guard let rewritten = rewritten(body: body, namespace: namespace, event: event) else { return false }
        out += rewritten
        return true
    }

    /// ``bytes(body:namespace:event:)`` by parsing `metadata` and writing it again: the way for
    /// objects ``splice(body:namespace:event:)`` does not handle, and the reference it is tested
    /// against.
    static func rewritten(body: [UInt8], namespace: String, event: RecordedEvent) -> [UInt8]? {
        guard let (range, keys) = JSONReader.metadataRange(body), keys.contains("apiVersion"), keys.contains("kind"),
            let parsed = try? JSONReader.parse(Array(body[range]), maxDepth: 10_000),
            case .object(var metadata) = parsed
        else { return nil }
        if !namespace.isEmpty, metadata["namespace"] == nil { metadata["namespace"] = .string(namespace) }
        serve(&metadata, event: event)
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 96)
        out += body[..<range.lowerBound]
        out += JSONWriter().bytes(.object(metadata))
        out += body[range.upperBound...]
        return out
    }

    /// `metadata` as served: `resourceVersion` the ledger revision of `event`, the cluster's own
    /// value in the ``resourceVersionAnnotation`` annotation.
    static func serve(_ metadata: inout JSONObject, event: RecordedEvent) {
        let original = metadata["resourceVersion"]?.stringValue ?? event.resourceVersion
        metadata["resourceVersion"] = .string(String(event.revision))
        if !original.isEmpty {
            var annotations = metadata["annotations"]?.objectValue ?? JSONObject()
            annotations[resourceVersionAnnotation] = .string(original)
            metadata["annotations"] = .object(annotations)
        }
    }

    /// `metadata` of a served object as a `PartialObjectMetadata` (the `object` of a Table row).
    public static func partialMetadata(_ served: JSONValue) -> JSONValue {
        .object(
            JSONObject([
                ("kind", .string("PartialObjectMetadata")), ("apiVersion", .string("meta.k8s.io/v1")),
                ("metadata", served["metadata"] ?? .object(JSONObject())),
            ]))
    }
}
