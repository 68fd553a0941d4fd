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
        let original = metadata["resourceVersion"]?.stringValue ?? event.resourceVersion
        metadata["resourceVersion"] = .string(String(event.revision))
        if !original.isEmpty {
            var annotations = metadata["annotations"]?.objectValue ?? JSONObject()
            annotations[resourceVersionAnnotation] = .string(original)
            metadata["annotations"] = .object(annotations)
        }
        o["metadata"] = .object(metadata)
        return .object(o)
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
