public import KubeLedger

/// A `Status` object, as the API server answers errors: kubectl prints its `message` after
/// `Error from server (REASON):`.
public struct KubeStatus: Sendable, Hashable {
    /// The HTTP status code.
    public var code: Int
    /// The machine-readable reason (`NotFound`, `MethodNotAllowed`, `BadRequest`, `Expired`).
    public var reason: String
    /// The message a user reads.
    public var message: String
    /// `details.name` and `details.kind` (a resource), when the error is about one object.
    public var name: String?
    public var kind: String?

    public init(code: Int, reason: String, message: String, name: String? = nil, kind: String? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.name = name
        self.kind = kind
    }

    /// `pods "x" not found`.
    public static func notFound(resource: String, name: String) -> KubeStatus {
        let plain = resource.split(separator: ".").first.map(String.init) ?? resource
        return KubeStatus(
            code: 404, reason: "NotFound", message: "\(resource) \"\(name)\" not found", name: name, kind: plain)
    }

    /// Any write: the server serves history read-only.
    public static func methodNotAllowed(_ method: String) -> KubeStatus {
        KubeStatus(
            code: 405, reason: "MethodNotAllowed",
            message: "the server does not allow this method on the requested resource: \(method) is refused,"
                + " kubeledger serves history read-only")
    }

    /// A malformed request.
    public static func badRequest(_ message: String) -> KubeStatus {
        KubeStatus(code: 400, reason: "BadRequest", message: message)
    }

    /// A path that names nothing.
    public static func pathNotFound(_ message: String) -> KubeStatus {
        KubeStatus(code: 404, reason: "NotFound", message: message)
    }

    /// A resourceVersion older than the first revision kept, as a compacted etcd answers.
    public static func expired(_ resourceVersion: String) -> KubeStatus {
        KubeStatus(code: 410, reason: "Expired", message: "too old resource version: \(resourceVersion)")
    }

    /// A resourceVersion beyond the head, as the API server answers it.
    public static func tooLarge(_ resourceVersion: String, head: UInt64) -> KubeStatus {
        KubeStatus(
            code: 504, reason: "Timeout",
            message: "Too large resource version: \(resourceVersion), current: \(head)")
    }

    /// Missing or wrong credentials.
    public static var unauthorized: KubeStatus {
        KubeStatus(code: 401, reason: "Unauthorized", message: "Unauthorized")
    }

    /// The `Status` object.
    public var json: JSONValue {
        var details = JSONObject()
        if let name { details["name"] = .string(name) }
        if let kind { details["kind"] = .string(kind) }
        var o = JSONObject([
            ("kind", .string("Status")), ("apiVersion", .string("v1")), ("metadata", .object(JSONObject())),
            ("status", .string("Failure")), ("message", .string(message)), ("reason", .string(reason)),
        ])
        if !details.isEmpty { o["details"] = .object(details) }
        o["code"] = .number(String(code))
        return .object(o)
    }
}
