import Foundation
import KubeLedger
import KubeLedgerServer
import Ledger
import LedgerTestSupport
import Testing

/// The server's answers, without HTTP, on a real store.
@Suite struct APIResponderTests {
    let dir = TemporaryDirectory()

    /// Ten pods in two namespaces (revisions 1–10), then pod p0 deleted (11).
    func responder() throws -> APIResponder {
        let ledger = try dir.ledger()
        var events: [NewEvent] = (0..<10).map { i in
            TestEvents.pod("p\(i)", verb: .create, namespace: i % 2 == 0 ? "a" : "b", at: 1_800_000_000 + Int64(i))
        }
        events.append(TestEvents.pod("p0", verb: .delete, namespace: "a", at: 1_800_000_100))
        try ledger.append(events)
        return APIResponder(history: History(ledger: ledger))
    }

    func json(_ reply: APIResponder.Reply) throws -> JSONValue {
        guard case .bytes(let b) = reply.body else { throw TestFailure("a streamed reply") }
        return try JSONReader.parse(b)
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    func get(
        _ r: APIResponder, _ path: String, _ query: [String: String] = [:], accept: String = "application/json"
    )
        throws -> (Int, JSONValue)
    {
        let reply = r.reply(method: "GET", path: path, query: query, accept: accept)
        return (reply.status, try json(reply))
    }

    @Test func `lists at a revision, pages that keep their revision, and resourceVersions as ledger revisions`() throws
    {
        let r = try responder()
        let (status, now) = try get(r, "/api/v1/pods")
        #expect(status == 200)
        #expect(now["kind"]?.stringValue == "PodList" && now["metadata"]?["resourceVersion"]?.stringValue == "11")
        #expect(now["items"]?.arrayValue?.count == 9)
        let (_, past) = try get(r, "/at/4/api/v1/namespaces/a/pods")
        #expect(past["items"]?.arrayValue?.compactMap { $0["metadata"]?["name"]?.stringValue } == ["p0", "p2"])
        #expect(past["items"]?[0]?["metadata"]?["resourceVersion"]?.stringValue == "1")
        // Paging: the token names the view, so later pages show the same state.
        let (_, first) = try get(r, "/at/10/api/v1/pods", ["limit": "4"])
        let token = try #require(first["metadata"]?["continue"]?.stringValue)
        #expect(first["metadata"]?["remainingItemCount"] == .number("6"))
        let (_, second) = try get(r, "/api/v1/pods", ["limit": "4", "continue": token])
        let token2 = try #require(second["metadata"]?["continue"]?.stringValue)
        let (_, third) = try get(r, "/api/v1/pods", ["limit": "4", "continue": token2])
        #expect(second["items"]?.arrayValue?.count == 4 && third["items"]?.arrayValue?.count == 2)
        #expect(third["metadata"]?["continue"] == nil && third["metadata"]?["resourceVersion"]?.stringValue == "10")
        let names = [first, second, third].flatMap { page in
            (page["items"]?.arrayValue ?? []).compactMap { $0["metadata"]?["namespace"]?.stringValue }
        }
        #expect(names == ["a", "a", "a", "a", "a", "b", "b", "b", "b", "b"])
        // Exact resourceVersion serves that revision; beyond the head is 504, as Kubernetes answers.
        // Exact resourceVersion serves that revision; beyond the head is 504, as Kubernetes answers.
        let (_, exact) = try get(r, "/api/v1/pods", ["resourceVersion": "3", "resourceVersionMatch": "Exact"])
        #expect(exact["items"]?.arrayValue?.count == 3)
        let (tooLarge, status504) = try get(r, "/api/v1/pods", ["resourceVersion": "99"])
        #expect(tooLarge == 504 && status504["reason"]?.stringValue == "Timeout")
        let (bad, badStatus) = try get(r, "/api/v1/pods", ["continue": "x"])
        #expect(bad == 400 && badStatus["kind"]?.stringValue == "Status")
    }

    @Test func `pages read only their objects, keep a time view, and skip what selectors drop`() throws {
        let ledger = try dir.ledger()
        // 30 pods at t = 1…30; then, late, p100 that occurred at t = 5 and a delete of p2 at t = 6.
        try ledger.append((1...30).map { TestEvents.pod("p\($0)", namespace: "n", at: 1_800_000_000 + Int64($0)) })
        try ledger.append([
            TestEvents.pod("p100", namespace: "n", at: 1_800_000_005),
            TestEvents.pod("p2", verb: .delete, namespace: "n", at: 1_800_000_006),
        ])
        let r = APIResponder(history: History(ledger: ledger))
        let at = "/at/" + Timestamp(nanoseconds: 1_800_000_010 * 1_000_000_000).rfc3339() + "/api/v1/pods"
        var names: [String] = []
        var query = ["limit": "3"]
        var pages = 0
        repeat {
            let (status, page) = try get(r, at, query)
            #expect(status == 200)
            names += (page["items"]?.arrayValue ?? []).compactMap { $0["metadata"]?["name"]?.stringValue }
            pages += 1
            // Appends between pages change nothing in the pages still to come.
            try ledger.append([TestEvents.pod("late\(pages)", namespace: "n", at: 1_800_000_001)])
            query["continue"] = page["metadata"]?["continue"]?.stringValue
        } while query["continue"] != nil && pages < 20
        // The cluster at t = 10: p1, p3…p10 and the late p100 (p2 deleted at 6), in API order.
        #expect(names == ["p1", "p10", "p100", "p3", "p4", "p5", "p6", "p7", "p8", "p9"])
        #expect(pages == 4)
        // With a field selector, pages are still full and hold only what it selects.
        let (_, selected) = try get(r, "/at/32/api/v1/pods", ["limit": "5", "fieldSelector": "metadata.name!=p11"])
        let selectedNames = (selected["items"]?.arrayValue ?? []).compactMap { $0["metadata"]?["name"]?.stringValue }
        #expect(selectedNames == ["p1", "p10", "p100", "p12", "p13"])
        #expect(selected["metadata"]?["remainingItemCount"] == nil)
        let rest = try #require(selected["metadata"]?["continue"]?.stringValue)
        let (_, after) = try get(
            r, "/api/v1/pods", ["limit": "2", "continue": rest, "fieldSelector": "metadata.name!=p11"])
        #expect(
            (after["items"]?.arrayValue ?? []).compactMap { $0["metadata"]?["name"]?.stringValue } == ["p14", "p15"])
    }

    /// Real objects: the OpenShift must-gather's console namespace (shared/corpus), else generated pods.
    static let corpusFiles: [String] =
        (ConsoleCorpus.folder.map { folder in
            [
                "apps/replicasets.yaml", "apps/deployments.yaml", "core/pods.yaml", "core/events.yaml",
                "core/configmaps.yaml", "core/services.yaml",
            ].map { folder + "/" + $0 }
        } ?? []).filter { FileManager.default.fileExists(atPath: $0) }

    @Test func `a JSON list served from stored bytes equals the list written from the parsed objects`() throws {
        let ledger = try dir.ledger()
        let append = ObjectAppend(
            verb: nil, actor: "alice", occurredAt: Timestamp(nanoseconds: 1_800_000_000_000_000_000), id: nil,
            cause: nil, expectation: .any, input: "test")
        var kinds: Set<String> = ["Pod"]
        for file in Self.corpusFiles {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
            let objects = try ObjectDocumentReader().objects(from: bytes, source: file)
            kinds.formUnion(objects.map(\.reference.kind))
            _ = try Ingestor().append(append.events(objects), to: ledger)
        }
        // A client-side manifest: no namespace, no resourceVersion, no status.
        let manifest =
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bare","labels":{"a":"<&>"}},"#
            + #""spec":{"containers":[{"name":"c","image":"nginx:1.25","args":["\u2028","é"]}]}}"#
        let bare = try ObjectDocumentReader().objects(from: Array(manifest.utf8), source: "manifest")
        _ = try Ingestor().append(
            append.events(bare).map { e in
                var e = e
                e.object.namespace = "default"
                return e
            }, to: ledger)
        let r = APIResponder(history: History(ledger: ledger))
        let catalog = try r.catalog()
        var compared = 0
        for kind in kinds.sorted() {
            let group = KubeKind.lookup(kind)?.group ?? ""
            let entry = try #require(catalog.entries.first { $0.kind == kind && $0.group == group }, "\(kind)")
            let path = (group.isEmpty ? "/api/v1/" : "/apis/\(group)/v1/") + entry.resource
            let reply = r.reply(method: "GET", path: path, query: [:], accept: "application/json")
            guard case .bytes(let served) = reply.body else { throw TestFailure("a streamed reply") }
            let view = try History(ledger: ledger).head()
            let objects = APIResponder.apiOrder(
                try History(ledger: ledger).objects(ObjectQuery(kind: kind, group: group), at: view))
            let expected = JSONWriter().bytes(
                .object(
                    JSONObject([
                        ("kind", .string(kind + "List")), ("apiVersion", .string(entry.apiVersion)),
                        ("metadata", .object(JSONObject([("resourceVersion", .string(String(view.revision)))]))),
                        ("items", .array(objects.map { ServedObject.value($0.value, event: $0.event, entry: entry) })),
                    ])))
            // The same JSON; bytes may differ only where the stored object kept its input's
            // escapes (a JSON manifest's `\u2028`), which the parsed-and-written list normalizes.
            #expect(try JSONReader.parse(served) == JSONReader.parse(expected), "\(kind)")
            if kind != "Pod" { #expect(served == expected, "\(kind): stored bytes differ from the written object") }
            compared += objects.count
        }
        #expect(compared >= (Self.corpusFiles.isEmpty ? 1 : 11))
    }

    @Test func `Tables carry kubectl's columns, wide ones at priority 1, and each row's metadata`() throws {
        let r = try responder()
        let (_, table) = try get(r, "/api/v1/namespaces/b/pods", accept: "application/json;as=Table;v=v1;g=meta.k8s.io")
        #expect(table["kind"]?.stringValue == "Table")
        let columns = table["columnDefinitions"]?.arrayValue ?? []
        #expect(
            columns.prefix(5).compactMap { $0["name"]?.stringValue } == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        #expect(columns.dropFirst(5).allSatisfy { $0["priority"] == .number("1") })
        let rows = table["rows"]?.arrayValue ?? []
        #expect(rows.count == 5)
        #expect(rows.first?["object"]?["kind"]?.stringValue == "PartialObjectMetadata")
        #expect(rows.first?["object"]?["metadata"]?["namespace"]?.stringValue == "b")
        #expect(rows.first?["cells"]?[0]?.stringValue == "p1")
    }

    @Test func `errors are Kubernetes Status objects, and the server never writes`() throws {
        let r = try responder()
        let (missing, notFound) = try get(r, "/api/v1/namespaces/a/pods/p0")
        #expect(missing == 404 && notFound["message"]?.stringValue == "pods \"p0\" not found")
        #expect(notFound["reason"]?.stringValue == "NotFound" && notFound["details"]?["kind"]?.stringValue == "pods")
        let (then, found) = try get(r, "/at/5/api/v1/namespaces/a/pods/p0")
        #expect(then == 200 && found["metadata"]?["name"]?.stringValue == "p0")
        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            let reply = r.reply(method: method, path: "/api/v1/namespaces/a/pods/p2", query: [:], accept: "")
            #expect(reply.status == 405)
            #expect(try json(reply)["reason"]?.stringValue == "MethodNotAllowed")
        }
        let review = r.reply(
            method: "POST", path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", query: [:], accept: "")
        #expect(try json(review)["status"]?["allowed"] == .bool(true))
        let (badSelector, selectorStatus) = try get(r, "/api/v1/pods", ["labelSelector": "app in prod"])
        #expect(badSelector == 400 && selectorStatus["message"]?.stringValue?.contains("app in prod") == true)
        let (badField, fieldStatus) = try get(r, "/api/v1/pods", ["fieldSelector": "spec.replicas=1"])
        #expect(badField == 400 && fieldStatus["message"]?.stringValue == "field label not supported: spec.replicas")
        let (unknown, _) = try get(r, "/apis/example.com/v1/widgets")
        #expect(unknown == 404)
    }

    @Test func `discovery lists the known kinds and the kinds the store holds`() throws {
        let ledger = try dir.ledger()
        let widget = """
            {"apiVersion":"example.com/v2","kind":"Widget","metadata":{"name":"w1","namespace":"default"}}
            """
        try ledger.append([
            NewEvent(
                verb: .create,
                object: ObjectReference(apiVersion: "example.com/v2", kind: "Widget", namespace: "default", name: "w1"),
                occurredAt: .now(), body: Array(widget.utf8))
        ])
        let r = APIResponder(history: History(ledger: ledger))
        let (_, groups) = try get(r, "/apis")
        #expect(groups["groups"]?.arrayValue?.contains { $0["name"]?.stringValue == "example.com" } == true)
        let (_, widgets) = try get(r, "/apis/example.com/v2")
        #expect(widgets["resources"]?[0]?["name"]?.stringValue == "widgets")
        #expect(widgets["resources"]?[0]?["namespaced"] == .bool(true))
        let aggregated = r.reply(
            method: "GET", path: "/apis", query: [:],
            accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json")
        #expect(aggregated.contentType == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        let (_, list) = try get(r, "/apis/example.com/v2/namespaces/default/widgets")
        #expect(list["kind"]?.stringValue == "WidgetList" && list["items"]?.arrayValue?.count == 1)
        let (_, version) = try get(r, "/version")
        #expect(version["minor"]?.stringValue == "32")
    }
}
