/// A Kubernetes `List` of objects, as `kubectl get -o json|yaml` prints several objects.
public enum KubeList {
    /// `{"apiVersion":"v1","items":[…],"kind":"List","metadata":{"resourceVersion":"…"}}`.
    ///
    /// - Parameter resourceVersion: the list's `metadata.resourceVersion` (kubectl's client-side
    ///   lists carry an empty one).
    public static func value(_ items: [JSONValue], resourceVersion: String = "") -> JSONValue {
        .object(JSONObject([
            ("apiVersion", .string("v1")), ("items", .array(items)), ("kind", .string("List")),
            ("metadata", .object(JSONObject([("resourceVersion", .string(resourceVersion))]))),
        ]))
    }
}
