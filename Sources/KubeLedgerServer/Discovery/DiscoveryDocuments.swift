public import KubeLedger

/// The discovery documents kubectl reads before anything else, built from a ``ResourceCatalog``.
/// Every resource offers `get`, `list` and `watch` only: the server is read-only.
public enum DiscoveryDocuments {
    static let verbs: JSONValue = .array([.string("get"), .string("list"), .string("watch")])

    /// `GET /version`: Kubernetes 1.32, so kubectl's version dispatcher picks kubectl 1.32.
    public static var version: JSONValue {
        .object(
            JSONObject([
                ("major", .string("1")), ("minor", .string("32")), ("gitVersion", .string("v1.32.0-kubeledger")),
                ("gitCommit", .string("")), ("gitTreeState", .string("clean")),
                ("buildDate", .string("2026-12-03T00:00:00Z")), ("goVersion", .string("")),
                ("compiler", .string("swift")), ("platform", .string("linux/amd64")),
            ]))
    }

    /// `GET /api`: the core group's versions.
    public static var coreVersions: JSONValue {
        .object(
            JSONObject([
                ("kind", .string("APIVersions")), ("versions", .array([.string("v1")])),
                ("serverAddressByClientCIDRs", .array([])),
            ]))
    }

    /// `GET /apis` (legacy form): every named group with its one served version.
    public static func groups(_ catalog: ResourceCatalog) -> JSONValue {
        let groups: [JSONValue] = catalog.groupVersions.filter { !$0.group.isEmpty }.map { gv in
            let version = JSONValue.object(
                JSONObject([
                    ("groupVersion", .string("\(gv.group)/\(gv.version)")), ("version", .string(gv.version)),
                ]))
            return .object(
                JSONObject([
                    ("name", .string(gv.group)), ("versions", .array([version])), ("preferredVersion", version),
                ]))
        }
        return .object(
            JSONObject([
                ("kind", .string("APIGroupList")), ("apiVersion", .string("v1")), ("groups", .array(groups)),
            ]))
    }

    /// `GET /api/v1`, `GET /apis/GROUP/VERSION`: an `APIResourceList`, or `nil` when the group
    /// version is not served.
    public static func resources(_ catalog: ResourceCatalog, group: String, version: String) -> JSONValue? {
        guard let gv = catalog.groupVersions.first(where: { $0.group == group && $0.version == version }) else {
            return nil
        }
        let resources: [JSONValue] = gv.entries.map { e in
            var o = JSONObject([
                ("name", .string(e.resource)), ("singularName", .string(e.singular)),
                ("namespaced", .bool(e.isNamespaced)), ("kind", .string(e.kind)), ("verbs", verbs),
            ])
            if !e.shortNames.isEmpty { o["shortNames"] = .array(e.shortNames.map { .string($0) }) }
            if ["Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Service", "Job", "CronJob"]
                .contains(e.kind)
            {
                o["categories"] = .array([.string("all")])
            }
            return .object(o)
        }
        return .object(
            JSONObject([
                ("kind", .string("APIResourceList")), ("apiVersion", .string("v1")),
                ("groupVersion", .string(group.isEmpty ? version : "\(group)/\(version)")),
                ("resources", .array(resources)),
            ]))
    }

    /// The aggregated discovery document (`apidiscovery.k8s.io/v2` `APIGroupDiscoveryList`) of the
    /// core group (`/api`, `core: true`) or of the named groups (`/apis`).
    public static func aggregated(_ catalog: ResourceCatalog, core: Bool) -> JSONValue {
        let items: [JSONValue] = catalog.groupVersions.filter { $0.group.isEmpty == core }.map { gv in
            let resources: [JSONValue] = gv.entries.map { e in
                var o = JSONObject([
                    ("resource", .string(e.resource)),
                    (
                        "responseKind",
                        .object(
                            JSONObject([
                                ("group", .string(e.group)), ("version", .string(e.version)), ("kind", .string(e.kind)),
                            ]))
                    ),
                    ("scope", .string(e.isNamespaced ? "Namespaced" : "Cluster")),
                    ("singularResource", .string(e.singular)), ("verbs", verbs),
                ])
                if !e.shortNames.isEmpty { o["shortNames"] = .array(e.shortNames.map { .string($0) }) }
                return .object(o)
            }
            let version = JSONValue.object(
                JSONObject([
                    ("version", .string(gv.version)), ("resources", .array(resources)),
                    ("freshness", .string("Current")),
                ]))
            return .object(
                JSONObject([
                    ("metadata", .object(JSONObject([("name", .string(gv.group)), ("creationTimestamp", .null)]))),
                    ("versions", .array([version])),
                ]))
        }
        return .object(
            JSONObject([
                ("kind", .string("APIGroupDiscoveryList")), ("apiVersion", .string("apidiscovery.k8s.io/v2")),
                ("metadata", .object(JSONObject())), ("items", .array(items)),
            ]))
    }
}
