/// kubectl's `--show-managed-fields`: `get -o yaml|json` leaves `metadata.managedFields` out
/// unless asked for.
public enum ManagedFields {
    /// `object` without `metadata.managedFields` (a `List`: each item without it).
    public static func hidden(_ object: JSONValue) -> JSONValue {
        guard case .object(var o) = object else { return object }
        if case .array(let items)? = o["items"], o["kind"]?.stringValue?.hasSuffix("List") == true {
            o["items"] = .array(items.map(hidden))
            return .object(o)
        }
        guard case .object(var m)? = o["metadata"], m["managedFields"] != nil else { return object }
        m["managedFields"] = nil
        o["metadata"] = .object(m)
        return .object(o)
    }
}
