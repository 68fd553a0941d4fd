/// The identifying fields of a Kubernetes object, read from its JSON without building a tree.
public struct ObjectEnvelope: Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    /// `metadata.annotations["kubernetes.io/change-cause"]`.
    public var changeCause: String?
    /// `metadata.deletionTimestamp`.
    public var deletionTimestamp: String?
    /// `metadata.creationTimestamp`.
    public var creationTimestamp: String?
    /// Byte ranges of `items` elements when the object has an `items` array of objects
    /// (a `List` or typed list), with their own envelopes.
    public var items: [(range: Range<Int>, envelope: ObjectEnvelope)]?

    public init() {}

    public static func == (a: ObjectEnvelope, b: ObjectEnvelope) -> Bool {
        a.apiVersion == b.apiVersion && a.kind == b.kind && a.name == b.name && a.generateName == b.generateName
            && a.namespace == b.namespace && a.uid == b.uid && a.resourceVersion == b.resourceVersion
            && a.changeCause == b.changeCause && a.deletionTimestamp == b.deletionTimestamp
            && a.creationTimestamp == b.creationTimestamp && a.items?.map(\.range) == b.items?.map(\.range)
    }

    public func hash(into h: inout Hasher) {
        h.combine(apiVersion)
        h.combine(kind)
        h.combine(namespace)
        h.combine(name)
    }

    /// Whether this is a list whose items should be taken one by one (`List`, `DeploymentList`).
    public var isList: Bool {
        guard let kind, items != nil else { return false }
        return kind == "List" || kind.hasSuffix("List")
    }
}

extension JSONReader {
    /// Reads the object at the current position, validating all of it, and returns its envelope.
    /// With `collectItems`, elements of a top-level `items` array are scanned as objects too.
    public mutating func readEnvelope(collectItems: Bool = true) throws(JSONSyntaxError) -> ObjectEnvelope {
        skipWhitespace()
        guard peek == UInt8(ascii: "{") else { throw error("expected a JSON object") }
        var env = ObjectEnvelope()
        try readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            switch key {
            case "apiVersion": env.apiVersion = try r.readOptionalString(field: "apiVersion")
            case "kind": env.kind = try r.readOptionalString(field: "kind")
            case "metadata":
                r.skipWhitespace()
                guard r.peek == UInt8(ascii: "{") else {
                    try r.skipValue()
                    return
                }
                try r.readMetadata(into: &env)
            case "items" where collectItems:
                r.skipWhitespace()
                guard r.peek == UInt8(ascii: "[") else {
                    try r.skipValue()
                    return
                }
                var items: [(range: Range<Int>, envelope: ObjectEnvelope)] = []
                var allObjects = true
                try r.readArray { (r: inout JSONReader) throws(JSONSyntaxError) in
                    r.skipWhitespace()
                    let start = r.position
                    if r.peek == UInt8(ascii: "{") {
                        let e = try r.readEnvelope(collectItems: false)
                        items.append((start..<r.position, e))
                    } else {
                        allObjects = false
                        try r.skipValue()
                    }
                }
                if allObjects { env.items = items }
            default: try r.skipValue()
            }
        }
        return env
    }

    private mutating func readMetadata(into env: inout ObjectEnvelope) throws(JSONSyntaxError) {
        try readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            switch key {
            case "name": env.name = try r.readOptionalString(field: "metadata.name")
            case "generateName": env.generateName = try r.readOptionalString(field: "metadata.generateName")
            case "namespace": env.namespace = try r.readOptionalString(field: "metadata.namespace")
            case "uid": env.uid = try r.readOptionalString(field: "metadata.uid")
            case "resourceVersion": env.resourceVersion = try r.readOptionalString(field: "metadata.resourceVersion")
            case "deletionTimestamp":
                env.deletionTimestamp = try r.readOptionalString(field: "metadata.deletionTimestamp")
            case "creationTimestamp":
                env.creationTimestamp = try r.readOptionalString(field: "metadata.creationTimestamp")
            case "annotations":
                r.skipWhitespace()
                guard r.peek == UInt8(ascii: "{") else {
                    try r.skipValue()
                    return
                }
                try r.readObjectRawKeys { (r: inout JSONReader, k: JSONKey) throws(JSONSyntaxError) in
                    if k == "kubernetes.io/change-cause" {
                        env.changeCause = try r.readOptionalString(
                            field: "metadata.annotations[\"kubernetes.io/change-cause\"]")
                    } else {
                        try r.skipValue()
                    }
                }
            default: try r.skipValue()
            }
        }
    }
}
