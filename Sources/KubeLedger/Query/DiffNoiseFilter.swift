/// Removes fields that change on every write without saying anything about the change, so
/// `kubeledger diff` shows what matters (`--all` skips this filter).
///
/// Dropped: `metadata.managedFields`, `metadata.resourceVersion`, and, at any depth, the
/// condition times `lastTransitionTime`, `lastUpdateTime`, `lastProbeTime`, `lastHeartbeatTime`.
/// Kept on purpose: `metadata.generation` (a spec change shows there), `status.observedGeneration`,
/// `uid`, `creationTimestamp`, `deletionTimestamp`.
public enum DiffNoiseFilter {
    /// Member names removed at any depth.
    public static let timestampKeys: Set<String> = [
        "lastTransitionTime", "lastUpdateTime", "lastProbeTime", "lastHeartbeatTime",
    ]
    /// Member names removed from `metadata`.
    public static let metadataKeys: Set<String> = ["managedFields", "resourceVersion"]

    /// `object` without the noise fields.
    public static func filter(_ object: JSONValue) -> JSONValue {
        guard case .object(var o) = object else { return object }
        if case .object(var meta)? = o["metadata"] {
            for k in metadataKeys { meta[k] = nil }
            o["metadata"] = .object(meta)
        }
        return strip(.object(o))
    }

    private static func strip(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o):
            var members: [(String, JSONValue)] = []
            for (k, value) in zip(o.keys, o.values) where !timestampKeys.contains(k) {
                members.append((k, strip(value)))
            }
            return .object(JSONObject(members))
        case .array(let a): return .array(a.map(strip))
        default: return v
        }
    }
}
