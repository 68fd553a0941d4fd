/// Pod template comparison and fingerprints, as the deployment controller compares templates.
///
/// Kubernetes finds a Deployment's "new" ReplicaSet by `EqualIgnoreHash`: the two
/// `spec.template`s are semantically deep-equal once the `pod-template-hash` label is removed
/// from both. Semantic equality treats nil and empty maps/slices alike and compares resource
/// quantities by value. ``normalized(_:)`` applies exactly these rules to a JSON template, so
/// two templates are equal when their normalised forms are equal:
///
/// - the `metadata.labels["pod-template-hash"]` label is removed;
/// - members that are absent, `null`, `{}` or `[]` are the same (empty ones are dropped,
///   recursively);
/// - resource quantities (under `limits`, `requests`, `overhead`, `sizeLimit`, `storage`)
///   compare by value (`1000m` == `1`, `1Gi` == `1024Mi`);
/// - objects compare as unordered maps, numbers by value; everything else must be equal.
///
/// ## Fingerprint
///
/// The real `pod-template-hash` is a 32-bit FNV-1a over a go-spew dump of the Go
/// `PodTemplateSpec` struct, whose text depends on the exact Go field layout of the Kubernetes
/// version: it cannot be reproduced outside Go. When no ReplicaSet or ControllerRevision is in
/// the log, KubeLedger uses a **fingerprint** instead: FNV-1a 32 over the canonical JSON
/// (sorted keys, compact) of the normalised template, printed in decimal and mapped to the same
/// 10-character alphabet Kubernetes uses (`SafeEncodeString`: `0→4 1→5 … 9→f`). It is stable
/// across runs and versions of KubeLedger, equal for semantically equal templates, looks like
/// a real hash, but never equals the real one: outputs mark it `"templateHashDerived": true`.
public enum PodTemplate {
    /// The label the deployment controller adds to templates, ReplicaSets and pods.
    public static let hashLabel = "pod-template-hash"

    /// Keys whose string values (and whose members' string values) are resource quantities.
    static let quantityKeys: Set<String> = ["limits", "requests", "overhead", "sizeLimit", "capacity", "storage"]

    /// The normalised form of a pod template (see the type's discussion), or `nil` if nothing
    /// is left.
    public static func normalized(_ template: JSONValue) -> JSONValue? {
        var t = template
        if case .object(var o) = t, case .object(var meta)? = o["metadata"], case .object(var labels)? = meta["labels"]
        {
            labels[hashLabel] = nil
            meta["labels"] = .object(labels)
            o["metadata"] = .object(meta)
            t = .object(o)
        }
        return normalize(t, quantity: false)
    }

    private static func normalize(_ v: JSONValue, quantity: Bool) -> JSONValue? {
        switch v {
        case .null: return nil
        case .object(let o):
            var out: [(String, JSONValue)] = []
            out.reserveCapacity(o.count)
            for (k, child) in zip(o.keys, o.values) {
                if let n = normalize(child, quantity: quantity || quantityKeys.contains(k)) { out.append((k, n)) }
            }
            return out.isEmpty ? nil : .object(JSONObject(out))
        case .array(let a):
            if a.isEmpty { return nil }
            return .array(a.map { normalize($0, quantity: quantity) ?? .null })
        case .string(let s):
            if quantity, let q = ResourceQuantity(s) { return .string(q.canonical) }
            return v
        case .number(let n):
            if quantity, let q = ResourceQuantity(n) { return .string(q.canonical) }
            return v
        case .bool: return v
        }
    }

    /// Whether two templates are equal as the deployment controller compares them
    /// (`EqualIgnoreHash` with semantic equality).
    public static func equal(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        a.flatMap(normalized) == b.flatMap(normalized)
    }

    /// The canonical JSON bytes of the normalised template: keys sorted, compact. Equal for
    /// equal templates; the input of ``fingerprint(_:)``.
    public static func canonicalBytes(_ template: JSONValue) -> [UInt8] {
        guard let n = normalized(template) else { return Array("{}".utf8) }
        return JSONWriter(indent: 0, sortKeys: true).bytes(n)
    }

    /// The derived template hash (see the type's discussion): 1–10 characters from
    /// `4 5 6 7 8 9 b c d f`, like a real `pod-template-hash`, but never equal to it.
    public static func fingerprint(_ template: JSONValue) -> String {
        fingerprint(canonical: canonicalBytes(template))
    }

    /// The fingerprint of canonical bytes from ``canonicalBytes(_:)``.
    public static func fingerprint(canonical: [UInt8]) -> String {
        var h: UInt32 = 2_166_136_261
        for b in canonical {
            h ^= UInt32(b)
            h = h &* 16_777_619
        }
        return safeEncode(String(h))
    }

    /// Kubernetes' `rand.SafeEncodeString`: each character `c` becomes
    /// `"bcdfghjklmnpqrstvwxz2456789"[Int(c) % 27]`.
    public static func safeEncode(_ s: String) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789".utf8)
        return String(decoding: s.utf8.map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }

    /// The images of a template's `spec.containers`, in order.
    public static func images(_ template: JSONValue) -> [String] {
        (template["spec"]?["containers"]?.arrayValue ?? []).compactMap { $0["image"]?.stringValue }
    }
}
