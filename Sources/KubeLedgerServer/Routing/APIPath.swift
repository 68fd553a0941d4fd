public import KubeLedger

/// A request path of `kubeledger serve`, parsed: the point in history (a path prefix, since
/// kubectl keeps a path in `--server` and drops query strings) and the Kubernetes API target.
///
/// ```
/// /api/v1/pods                                  the latest state, live
/// /at/120/api/v1/namespaces/prod/pods/web-0     revision 120
/// /at/2026-11-26T14:03:00Z/apis/apps/v1/deployments
/// /replay/2026-11-26T14:00:00Z/x10/api/v1/pods  watches replay the events after 14:00, 10× faster
/// ```
public struct APIPath: Sendable, Hashable {
    /// Which state a request sees.
    public enum Point: Sendable, Hashable {
        /// The latest state; watches stream events as they are recorded.
        case live
        /// A fixed point; watches only send bookmarks.
        case at(PointInHistory)
        /// Starts at `from`; watches stream the recorded events after it, as fast as the client
        /// reads (`speed` nil) or at `speed`× the recorded pace.
        case replay(from: PointInHistory, speed: Double?)
    }

    /// What is asked.
    public enum Target: Sendable, Hashable {
        /// `/version`.
        case version
        /// `/api`.
        case coreVersions
        /// `/apis`.
        case groups
        /// `/api/v1`, `/apis/GROUP/VERSION`: the resources of one group version.
        case resources(group: String, version: String)
        /// Objects: a list (no name) or one object, in one namespace or all (`nil`).
        case objects(ResourcePath)
        /// `/apis/authorization.k8s.io/v1/selfsubject…reviews`.
        case accessReview(kind: String)
        /// `/healthz`, `/readyz`, `/livez`.
        case health
    }

    public var point: Point
    public var target: Target

    /// The path prefix that selects ``point`` (empty for the live view).
    public var prefix: String

    /// Parses `path` (without its query string).
    ///
    /// - Throws: ``APIPathError`` for a malformed point or a path no API serves.
    public static func parse(_ path: String) throws(APIPathError) -> APIPath {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var point = Point.live
        var prefix = ""
        if parts.first == "at" {
            guard parts.count >= 2, let p = PointInHistory(parts[1]) else {
                throw .badPoint(parts.count >= 2 ? parts[1] : "")
            }
            point = .at(p)
            prefix = "/at/" + parts[1]
            parts.removeFirst(2)
        } else if parts.first == "replay" {
            guard parts.count >= 2, let p = PointInHistory(parts[1]) else {
                throw .badPoint(parts.count >= 2 ? parts[1] : "")
            }
            prefix = "/replay/" + parts[1]
            parts.removeFirst(2)
            var speed: Double?
            if let s = parts.first, s.hasPrefix("x"), s.count > 1 {
                guard let v = Double(s.dropFirst()), v > 0, v.isFinite else { throw .badSpeed(s) }
                speed = v
                prefix += "/" + s
                parts.removeFirst()
            }
            point = .replay(from: p, speed: speed)
        }
        return APIPath(point: point, target: try target(parts, path: path), prefix: prefix)
    }

    private static func target(_ p: [String], path: String) throws(APIPathError) -> Target {
        switch p.first {
        case "version" where p.count == 1: return .version
        case "healthz", "readyz", "livez": return .health
        case "api":
            if p.count == 1 { return .coreVersions }
            guard p[1] == "v1" else { throw .notFound(path) }
            if p.count == 2 { return .resources(group: "", version: "v1") }
            return .objects(try resourcePath(Array(p[2...]), group: "", version: "v1", path: path))
        case "apis":
            if p.count == 1 { return .groups }
            guard p.count >= 3 else { throw .notFound(path) }
            if p.count == 3 { return .resources(group: p[1], version: p[2]) }
            if p[1] == "authorization.k8s.io", p.count == 4, p[3].hasPrefix("selfsubject") {
                return .accessReview(kind: p[3])
            }
            return .objects(try resourcePath(Array(p[3...]), group: p[1], version: p[2], path: path))
        default:
            throw .notFound(path)
        }
    }

    /// `namespaces/NS/RESOURCE[/NAME]`, `RESOURCE[/NAME]`; `namespaces[/NAME]` is the
    /// Namespace resource itself.
    private static func resourcePath(
        _ p: [String], group: String, version: String, path: String
    )
        throws(APIPathError) -> ResourcePath
    {
        var rest = p
        var namespace: String?
        if rest.first == "namespaces", rest.count >= 3 {
            namespace = rest[1]
            rest.removeFirst(2)
        }
        guard rest.count == 1 || rest.count == 2 else { throw .notFound(path) }
        guard rest.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { throw .notFound(path) }
        return ResourcePath(
            group: group, version: version, namespace: namespace, resource: rest[0],
            name: rest.count == 2 ? rest[1] : nil)
    }
}

/// The objects a request names: `GROUP/VERSION`, a resource, an optional namespace and name.
public struct ResourcePath: Sendable, Hashable {
    public var group: String
    public var version: String
    /// One namespace, or `nil` for every namespace (and for cluster-scoped resources).
    public var namespace: String?
    /// The plural resource (`pods`).
    public var resource: String
    /// One object, or `nil` for a list.
    public var name: String?

    public init(group: String, version: String, namespace: String?, resource: String, name: String?) {
        self.group = group
        self.version = version
        self.namespace = namespace
        self.resource = resource
        self.name = name
    }
}
