import KubeLedger
import KubeLedgerServer
import Ledger
import Testing

/// The server's path parser: points in history and API targets.
@Suite struct APIPathTests {
    @Test func `points in history are path prefixes`() throws {
        let live = try APIPath.parse("/api/v1/pods")
        #expect(live.point == .live && live.prefix.isEmpty)
        #expect(
            live.target == .objects(ResourcePath(group: "", version: "v1", namespace: nil, resource: "pods", name: nil))
        )
        let revision = try APIPath.parse("/at/120/api/v1/namespaces/prod/pods/web-0")
        #expect(revision.point == .at(.revision(120)) && revision.prefix == "/at/120")
        #expect(
            revision.target
                == .objects(ResourcePath(group: "", version: "v1", namespace: "prod", resource: "pods", name: "web-0")))
        let time = try APIPath.parse("/at/2026-11-26T14:03:00Z/apis/apps/v1/deployments")
        #expect(time.point == .at(.time(Timestamp(rfc3339: "2026-11-26T14:03:00Z")!)))
        let replay = try APIPath.parse("/replay/5/x10/apis/apps/v1/namespaces/default/deployments")
        #expect(replay.point == .replay(from: .revision(5), speed: 10) && replay.prefix == "/replay/5/x10")
        #expect(try APIPath.parse("/replay/5/api").point == .replay(from: .revision(5), speed: nil))
    }

    @Test func `targets: discovery, namespaces as a resource, cluster-scoped objects, access reviews`() throws {
        #expect(try APIPath.parse("/version").target == .version)
        #expect(try APIPath.parse("/at/3/api").target == .coreVersions)
        #expect(try APIPath.parse("/apis").target == .groups)
        #expect(try APIPath.parse("/apis/apps/v1").target == .resources(group: "apps", version: "v1"))
        #expect(
            try APIPath.parse("/api/v1/namespaces/kube-system").target
                == .objects(
                    ResourcePath(group: "", version: "v1", namespace: nil, resource: "namespaces", name: "kube-system"))
        )
        #expect(
            try APIPath.parse("/api/v1/nodes/n1").target
                == .objects(ResourcePath(group: "", version: "v1", namespace: nil, resource: "nodes", name: "n1")))
        #expect(
            try APIPath.parse("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews").target
                == .accessReview(kind: "selfsubjectaccessreviews"))
    }

    @Test func `malformed paths are errors, never crashes`() {
        #expect(throws: APIPathError.badPoint("yesterday")) { try APIPath.parse("/at/yesterday/api/v1/pods") }
        #expect(throws: APIPathError.badPoint("")) { try APIPath.parse("/at") }
        #expect(throws: APIPathError.badSpeed("x0")) { try APIPath.parse("/replay/1/x0/api/v1/pods") }
        #expect(throws: APIPathError.badSpeed("xfast")) { try APIPath.parse("/replay/1/xfast/api/v1/pods") }
        for path in ["/", "/api/v2/pods", "/api/v1/namespaces/a/pods/b/log", "/apis/apps", "/nope", "/api/v1/../x"] {
            #expect(throws: APIPathError.self, "\(path)") { try APIPath.parse(path) }
        }
        var rng = SystemRandomNumberGenerator()
        let pieces = [
            "/", "at", "replay", "x", "api", "apis", "v1", "namespaces", "%", "..", "", "9", "-1m", ":", "\u{0}",
        ]
        for _ in 0..<5_000 {
            let path = (0..<Int.random(in: 0...9, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
                .joined()
            _ = try? APIPath.parse(path)
            _ = HistoryServer.queryParameters(String(path.map { $0 == "/" ? "&" : $0 }))
            _ = try? LabelSelector(path)
            _ = try? FieldSelector(path)
        }
    }

    @Test func `query strings decode as Go does: plus is a space, percent a byte, last value wins`() {
        let q = HistoryServer.queryParameters("labelSelector=app+in+%28web%2Cx%29&watch=1&limit=2&limit=3&flag&bad=%ZZ")
        #expect(q["labelSelector"] == "app in (web,x)")
        #expect(q["watch"] == "1" && q["limit"] == "3" && q["flag"] == "" && q["bad"] == "%ZZ")
        #expect(HistoryServer.decodePercent("/at/2026-11-26T14%3A03%3A00Z/api") == "/at/2026-11-26T14:03:00Z/api")
    }
}
