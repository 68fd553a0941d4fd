import KubeLedger
import KubeLedgerServer
import Ledger
import LedgerTestSupport
import Testing

/// The timeline page's JSON API (`/kubeledger/v1/…`) and page files, without HTTP, on a real store.
@Suite struct LedgerAPITests {
    let dir = TemporaryDirectory()
    static let t0: Int64 = 1_800_000_000

    static func deployment(_ image: String, limit: Int = 2) -> [UInt8] {
        Array(
            #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop","uid":"d-web"},\#
            "spec":{"replicas":2,"revisionHistoryLimit":\#(limit),"selector":{"matchLabels":{"app":"web"}},\#
            "template":{"metadata":{"labels":{"app":"web"}},\#
            "spec":{"containers":[{"name":"nginx","image":"\#(image)"}]}}}}
            """#
            .utf8)
    }

    /// Pods p0–p3 in `a`/`b` (revisions 1–4), Deployment shop/web at nginx 1.25…1.28 by four actors (5–8),
    /// pod p0 deleted (9).
    func api() throws -> LedgerAPI {
        let ledger = try dir.ledger()
        var events: [NewEvent] = (0..<4).map { i in
            TestEvents.pod("p\(i)", namespace: i % 2 == 0 ? "a" : "b", at: Self.t0 + Int64(i))
        }
        for (i, image) in ["nginx:1.25", "nginx:1.26", "nginx:1.27", "nginx:1.28"].enumerated() {
            events.append(
                NewEvent(
                    verb: i == 0 ? .create : .update,
                    object: ObjectReference(
                        apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web", uid: "d-web"),
                    occurredAt: Timestamp(nanoseconds: (Self.t0 + 100 + Int64(i) * 100) * 1_000_000_000),
                    actor: ["alice", "bob", "carol", "dave"][i], body: Self.deployment(image)))
        }
        events.append(TestEvents.pod("p0", verb: .delete, namespace: "a", at: Self.t0 + 1000))
        try ledger.append(events)
        return LedgerAPI(history: History(ledger: ledger))
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
    }

    func get(_ api: LedgerAPI, _ path: String, _ query: [String: String] = [:]) throws -> (Int, JSONValue) {
        let reply = api.reply(method: "GET", path: "/kubeledger/v1/" + path, query: query)
        guard case .bytes(let b) = reply.body else { throw TestFailure(description: "a streamed reply") }
        #expect(reply.contentType == "application/json")
        return (reply.status, try JSONReader.parse(b))
    }

    /// A JSON number as an Int.
    static func int(_ v: JSONValue) -> Int? {
        if case .number(let s) = v { return Int(s) }
        return nil
    }

    func ms(_ seconds: Int64) -> String { String(seconds * 1000) }

    @Test func `the timeline window: spans per object, rollout markers with revision and actor, deletes`() throws {
        let api = try api()
        let (status, w) = try get(api, "timeline", ["from": ms(Self.t0 - 10), "to": ms(Self.t0 + 2000)])
        #expect(status == 200)
        let rows = w["rows"]?.arrayValue ?? []
        let ids = rows.compactMap { $0["id"]?.stringValue }
        #expect(ids == ["Pod/a/p0", "Pod/a/p2", "Pod/b/p1", "Pod/b/p3", "Deployment/shop/web"])
        let p0 = try #require(rows.first)
        #expect(p0["spans"]?[0]?[2]?.stringValue == "Running")
        #expect(p0["deleted"]?.stringValue == nil && p0["deleted"] != nil)
        let web = try #require(rows.last)
        let markers = web["markers"]?.arrayValue ?? []
        #expect(markers.compactMap { $0["revision"].flatMap(Self.int) } == [1, 2, 3, 4])
        #expect(markers.compactMap { $0["actor"]?.stringValue } == ["alice", "bob", "carol", "dave"])
        // A later window starts from the objects live at its start: p0 is gone, web has no marker.
        let (_, later) = try get(api, "timeline", ["from": ms(Self.t0 + 1500), "to": ms(Self.t0 + 2000)])
        let laterIDs = later["rows"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(laterIDs == ["Pod/a/p2", "Pod/b/p1", "Pod/b/p3", "Deployment/shop/web"])
        #expect(later["rows"]?[3]?["markers"] == nil, "no template change in the window: no rollout fold")
        // Filters: namespace, kind, name as a regular expression, actor.
        let all = ["from": ms(Self.t0 - 10), "to": ms(Self.t0 + 2000)]
        let (_, byName) = try get(api, "timeline", all.merging(["name": "/^p[13]$/"]) { $1 })
        #expect(byName["rows"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["Pod/b/p1", "Pod/b/p3"])
        let (_, byActor) = try get(api, "timeline", all.merging(["actor": "carol"]) { $1 })
        #expect(byActor["rows"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["Deployment/shop/web"])
        let (_, byKind) = try get(api, "timeline", all.merging(["kind": "Pod", "ns": "b"]) { $1 })
        #expect(byKind["rows"]?.arrayValue?.count == 2)
        // markers=0 (the page's first paint): the same rows, no rollout fold.
        let (_, rowsOnly) = try get(api, "timeline", all.merging(["markers": "0"]) { $1 })
        #expect(rowsOnly["rows"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ids)
        #expect(rowsOnly["rows"]?[4]?["markers"] == nil)
        let (badMarkers, _) = try get(api, "timeline", all.merging(["markers": "yes"]) { $1 })
        #expect(badMarkers == 400)
        // Pod rows past maxPods are counted, not sent.
        let (_, capped) = try get(api, "timeline", all.merging(["maxPods": "1"]) { $1 })
        #expect(capped["rows"]?.arrayValue?.count == 2 && capped["truncated"].flatMap(Self.int) == 3)
    }

    /// The timeline JSON's bytes.
    func timelineBytes(_ api: LedgerAPI, _ query: [String: String]) throws -> [UInt8] {
        let reply = api.reply(method: "GET", path: "/kubeledger/v1/timeline", query: query)
        guard case .bytes(let b) = reply.body, reply.status == 200 else {
            throw TestFailure(description: "timeline: HTTP \(reply.status)")
        }
        return b
    }

    @Test func `windows folded from the server's memory match a fresh server's, after appends and amendments`() throws {
        let api = try api()
        let ledger = api.history.ledger
        let all = ["from": ms(Self.t0 - 10), "to": ms(Self.t0 + 2000)]
        let first = try timelineBytes(api, all)
        #expect(try timelineBytes(api, all) == first, "the same window again, from memory")
        // An overlapping window, from memory, is what a server that never saw the log answers.
        let later = ["from": ms(Self.t0 + 2), "to": ms(Self.t0 + 1500)]
        #expect(try timelineBytes(api, later) == timelineBytes(LedgerAPI(history: api.history), later))
        // Events appended since: a pod in the window and a ReplicaSet (not on the timeline).
        let replicaSet = NewEvent(
            verb: .create,
            object: ObjectReference(
                apiVersion: "apps/v1", kind: "ReplicaSet", namespace: "shop", name: "web-abc", uid: "rs-1"),
            occurredAt: Timestamp(nanoseconds: (Self.t0 + 1100) * 1_000_000_000), actor: "kcm",
            body: Array(#"{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-abc"}}"#.utf8))
        try ledger.append([TestEvents.pod("p9", namespace: "a", at: Self.t0 + 1200), replicaSet])
        let (_, grown) = try get(api, "timeline", all)
        #expect(grown["rows"]?.arrayValue?.compactMap { $0["id"]?.stringValue }.contains("Pod/a/p9") == true)
        #expect(try timelineBytes(api, all) == timelineBytes(LedgerAPI(history: api.history), all))
        // An actor learned later (an audit record joined to a stored version): the memory, which
        // holds the version without an actor, is dropped, and the actor filter finds it.
        var quiet = TestEvents.pod("p8", namespace: "b", at: Self.t0 + 1300, actor: "")
        quiet.resourceVersion = "42"
        quiet.joinsSameObjectVersion = true
        try ledger.append([quiet])
        let byFrank = all.merging(["actor": "frank"]) { $1 }
        #expect(try get(api, "timeline", byFrank).1["rows"]?.arrayValue?.isEmpty == true)
        var audit = TestEvents.pod("p8", namespace: "b", at: Self.t0 + 1300, actor: "frank", id: "audit-1")
        audit.resourceVersion = "42"
        audit.joinsSameObjectVersion = true
        try ledger.append([audit])
        #expect(try ledger.amendmentCount() == 1)
        let (_, amended) = try get(api, "timeline", byFrank)
        #expect(amended["rows"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["Pod/b/p8"])
    }

    /// A pod of namespace `past` in `phase` (or deleted) at `seconds`, as a backfill would bring it.
    static func pastPod(_ verb: Verb, phase: String, at seconds: Int64) -> NewEvent {
        NewEvent(
            verb: verb,
            object: ObjectReference(apiVersion: "v1", kind: "Pod", namespace: "past", name: "old", uid: "uid-old"),
            occurredAt: Timestamp(nanoseconds: seconds * 1_000_000_000), actor: "backfill",
            body: Array(
                #"""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"old","namespace":"past","uid":"uid-old"},\#
                "spec":{"nodeName":"n1","containers":[{"name":"c","image":"busybox"}]},\#
                "status":{"phase":"\#(phase)"}}
                """#
                .utf8))
    }

    @Test func `a backfilled pod lifecycle, appended after newer events, shows in the window it occurred in`() throws {
        let ledger = try dir.ledger()
        // Revision 1 occurred at t0+5000; revisions 2-5 occurred before it (a late import).
        _ = try Ingestor().append([TestEvents.pod("now", namespace: "live", at: Self.t0 + 5000)], to: ledger)
        let web = NewEvent(
            verb: .create,
            object: ObjectReference(
                apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web", uid: "d-web"),
            occurredAt: Timestamp(nanoseconds: (Self.t0 + 400) * 1_000_000_000), actor: "erin",
            body: Self.deployment("nginx:1.25"))
        _ = try Ingestor().append(
            [
                Self.pastPod(.create, phase: "Pending", at: Self.t0 + 100),
                Self.pastPod(.update, phase: "Running", at: Self.t0 + 200),
                Self.pastPod(.delete, phase: "Running", at: Self.t0 + 300), web,
            ], to: ledger)
        #expect(try ledger.occurrenceClock().firstLateRevision == 2)
        let api = LedgerAPI(history: History(ledger: ledger))
        func ids(_ w: JSONValue) -> [String] { w["rows"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [] }

        // A window starting after the first late event: its start is not a revision prefix.
        let (status, w) = try get(api, "timeline", ["from": ms(Self.t0 + 150), "to": ms(Self.t0 + 1000)])
        #expect(status == 200)
        #expect(ids(w) == ["Pod/past/old", "Deployment/shop/web"])
        let old = try #require(w["rows"]?[0])
        let spans = old["spans"]?.arrayValue ?? []
        #expect(spans.compactMap { $0[2]?.stringValue } == ["Pending", "Running"])
        #expect(spans.compactMap { $0[0].flatMap(Self.int) } == [Int(ms(Self.t0 + 150))!, Int(ms(Self.t0 + 200))!])
        #expect(spans.last?[1].flatMap(Self.int) == Int(ms(Self.t0 + 300)))
        #expect(old["deleted"].flatMap(Self.int) == Int(ms(Self.t0 + 300)))
        let markers = w["rows"]?[1]?["markers"]?.arrayValue ?? []
        #expect(markers.compactMap { $0["actor"]?.stringValue } == ["erin"])
        #expect(markers.first?["time"].flatMap(Self.int) == Int(ms(Self.t0 + 400)))
        // The whole lifecycle from before it began; and a window after it does not show the pod.
        let (_, before) = try get(api, "timeline", ["from": ms(Self.t0), "to": ms(Self.t0 + 250)])
        #expect(ids(before) == ["Pod/past/old"])
        #expect(before["rows"]?[0]?["spans"]?[0]?[0].flatMap(Self.int) == Int(ms(Self.t0 + 100)))
        let (_, after) = try get(api, "timeline", ["from": ms(Self.t0 + 4000), "to": ms(Self.t0 + 6000)])
        #expect(ids(after) == ["Pod/live/now", "Deployment/shop/web"])
        // The range spans occurrence times, not the first and last revisions'.
        let (_, range) = try get(api, "range")
        #expect(range["first"].flatMap(Self.int) == Int(ms(Self.t0 + 100)))
        #expect(range["last"].flatMap(Self.int) == Int(ms(Self.t0 + 5000)))
    }

    /// A StatefulSet or DaemonSet `shop/<name>` whose template runs `image`, synced by its controller.
    static func workload(_ kind: String, _ name: String, image: String, generation: Int, hash: String) -> [UInt8] {
        Array(
            #"""
            {"apiVersion":"apps/v1","kind":"\#(kind)","metadata":{"name":"\#(name)","namespace":"shop",\#
            "uid":"u-\#(name)","generation":\#(generation)},"spec":{"selector":{"matchLabels":{"app":"\#(name)"}},\#
            "template":{"metadata":{"labels":{"app":"\#(name)"}},\#
            "spec":{"containers":[{"name":"c","image":"\#(image)"}]}}},\#
            "status":{"observedGeneration":\#(generation),"updateRevision":"\#(name)-\#(hash)"}}
            """#
            .utf8)
    }

    /// The ControllerRevision `<name>-<hash>` of that workload's template at `image`.
    static func controllerRevision(
        _ kind: String, _ name: String, image: String, hash: String, revision: Int
    ) -> [UInt8] {
        let hashLabel = kind == "StatefulSet" ? "controller.kubernetes.io/hash" : "controller-revision-hash"
        return Array(
            #"""
            {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"\#(name)-\#(hash)",\#
            "namespace":"shop","uid":"cr-\#(hash)","labels":{"app":"\#(name)","\#(hashLabel)":"\#(hash)"},\#
            "ownerReferences":[{"apiVersion":"apps/v1","kind":"\#(kind)","name":"\#(name)","uid":"u-\#(name)",\#
            "controller":true}]},"revision":\#(revision),"data":{"spec":{"template":{"metadata":{"labels":\#
            {"app":"\#(name)"}},"spec":{"containers":[{"name":"c","image":"\#(image)"}]}}}}}
            """#
            .utf8)
    }

    /// A running pod of workload `kind` `shop/<owner>` labelled `controller-revision-hash: <label>`.
    static func ownedPod(_ name: String, kind: String, owner: String, label: String) -> [UInt8] {
        Array(
            #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","namespace":"shop","uid":"u-\#(name)",\#
            "labels":{"app":"\#(owner)","controller-revision-hash":"\#(label)"},"ownerReferences":\#
            [{"apiVersion":"apps/v1","kind":"\#(kind)","name":"\#(owner)","uid":"u-\#(owner)","controller":true}]},\#
            "spec":{"nodeName":"n1","containers":[{"name":"c","image":"x"}]},"status":{"phase":"Running"}}
            """#
            .utf8)
    }

    @Test func `StatefulSet and DaemonSet pods get their revision from controller-revision-hash`() throws {
        let ledger = try dir.ledger()
        var events: [NewEvent] = []
        func add(_ kind: String, _ name: String, _ body: [UInt8], group: String = "apps", verb: Verb = .create) {
            let at = Timestamp(nanoseconds: (Self.t0 + Int64(events.count) * 10) * 1_000_000_000)
            events.append(
                NewEvent(
                    verb: verb,
                    object: ObjectReference(
                        apiVersion: group.isEmpty ? "v1" : "apps/v1", kind: kind, namespace: "shop", name: name,
                        uid: kind == "ControllerRevision" ? "" : "u-\(name)"),
                    occurredAt: at, actor: "system:serviceaccount:kube-system:controller", body: body))
        }
        // Two revisions of each: hashes aaa/bbb (StatefulSet db), ccc/ddd (DaemonSet agent).
        for (kind, name, hashes) in [("StatefulSet", "db", ["aaa", "bbb"]), ("DaemonSet", "agent", ["ccc", "ddd"])] {
            for (i, image) in ["img:1", "img:2"].enumerated() {
                add(
                    kind, name, Self.workload(kind, name, image: image, generation: i + 1, hash: hashes[i]),
                    verb: i == 0 ? .create : .update)
                add(
                    "ControllerRevision", "\(name)-\(hashes[i])",
                    Self.controllerRevision(kind, name, image: image, hash: hashes[i], revision: i + 1))
            }
        }
        // StatefulSet pods carry the ControllerRevision's name; DaemonSet pods the bare hash.
        add("Pod", "db-0", Self.ownedPod("db-0", kind: "StatefulSet", owner: "db", label: "db-aaa"), group: "")
        add("Pod", "db-1", Self.ownedPod("db-1", kind: "StatefulSet", owner: "db", label: "db-bbb"), group: "")
        add("Pod", "agent-x", Self.ownedPod("agent-x", kind: "DaemonSet", owner: "agent", label: "ccc"), group: "")
        add("Pod", "agent-y", Self.ownedPod("agent-y", kind: "DaemonSet", owner: "agent", label: "ddd"), group: "")
        _ = try Ingestor().append(events, to: ledger)
        let api = LedgerAPI(history: History(ledger: ledger))
        let (_, rollouts) = try get(api, "rollouts", ["kind": "StatefulSet", "ns": "shop", "name": "db"])
        #expect(rollouts["revisions"]?.arrayValue?.compactMap { $0["hash"]?.stringValue } == ["aaa", "bbb"])

        let (_, w) = try get(api, "timeline", ["from": ms(Self.t0 - 10), "to": ms(Self.t0 + 1000)])
        var revisionOf: [String: Int] = [:]
        var ownerOf: [String: String] = [:]
        for row in w["rows"]?.arrayValue ?? [] where row["kind"]?.stringValue == "Pod" {
            let name = row["name"]?.stringValue ?? ""
            revisionOf[name] = row["revision"].flatMap(Self.int)
            ownerOf[name] = row["owner"]?.stringValue
        }
        #expect(revisionOf == ["db-0": 1, "db-1": 2, "agent-x": 1, "agent-y": 2], "\(w)")
        #expect(ownerOf["db-0"] == "StatefulSet/shop/db" && ownerOf["agent-y"] == "DaemonSet/shop/agent")
    }

    @Test func `versions, diff with noise hidden, field blame and the kubectl get columns at a time`() throws {
        let api = try api()
        let (_, v) = try get(api, "versions", ["kind": "Deployment", "ns": "shop", "name": "web"])
        let versions = v["versions"]?.arrayValue ?? []
        #expect(versions.compactMap { $0["revision"].flatMap(Self.int) } == [5, 6, 7, 8])
        #expect(versions.first?["actor"]?.stringValue == "alice" && versions.first?["verb"]?.stringValue == "create")
        let (_, d) = try get(api, "diff", ["kind": "Deployment", "ns": "shop", "name": "web", "from": "6", "to": "8"])
        let unified = d["unified"]?.stringValue ?? ""
        let lines = unified.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("-") && $0.hasSuffix("image: nginx:1.26") }, "\(unified)")
        #expect(lines.contains { $0.hasPrefix("+") && $0.hasSuffix("image: nginx:1.28") }, "\(unified)")
        let (_, b) = try get(
            api, "blame",
            ["kind": "Deployment", "ns": "shop", "name": "web", "field": "spec.template.spec.containers[0].image"])
        #expect(
            b["changes"]?.arrayValue?.compactMap { $0["new"]?.stringValue }
                == ["nginx:1.25", "nginx:1.26", "nginx:1.27", "nginx:1.28"])
        let (_, table) = try get(api, "get", ["kind": "Pod", "at": ms(Self.t0 + 2)])
        #expect(table["columns"]?.arrayValue?.first?.stringValue == "NAME")
        #expect(table["rows"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["p0", "p2", "p1"])
    }

    @Test func `rollouts past the limit and the rollback manifest, which is shown, never recorded`() throws {
        let api = try api()
        let (_, h) = try get(api, "rollouts", ["kind": "Deployment", "ns": "shop", "name": "web"])
        let revisions = h["revisions"]?.arrayValue ?? []
        #expect(revisions.compactMap { $0["number"].flatMap(Self.int) } == [1, 2, 3, 4])
        #expect(revisions.last?["current"] == .bool(true))
        let (status, r) = try get(
            api, "rollback", ["kind": "Deployment", "ns": "shop", "name": "web", "revision": "1"])
        #expect(status == 200)
        #expect(r["yaml"]?.stringValue?.contains("image: nginx:1.25") == true)
        #expect(try api.history.head().revision == 9)
    }

    @Test func `bad requests name the parameter; writes are refused; the page files are served`() throws {
        let api = try api()
        let (missing, m) = try get(api, "versions", ["kind": "Deployment"])
        #expect(missing == 400 && m["error"]?.stringValue == "missing query parameter 'name'")
        let (badTime, t) = try get(api, "timeline", ["from": "yesterday"])
        #expect(badTime == 400 && t["error"]?.stringValue?.contains("'from=yesterday'") == true)
        let (unknown, _) = try get(api, "nothing")
        #expect(unknown == 404)
        let (absent, _) = try get(api, "versions", ["kind": "Pod", "ns": "a", "name": "nope"])
        #expect(absent == 404)
        #expect(api.reply(method: "POST", path: "/kubeledger/v1/rollback", query: [:]).status == 405)
        for (path, type) in [("/ui/", "text/html"), ("/ui/app.js", "text/javascript"), ("/ui/app.css", "text/css")] {
            let reply = api.reply(method: "GET", path: path, query: [:])
            #expect(reply.status == 200 && reply.contentType.hasPrefix(type))
        }
        #expect(api.reply(method: "GET", path: "/ui/missing.js", query: [:]).status == 404)
        #expect(LedgerAPI.handles("/ui/") && !LedgerAPI.handles("/api/v1/pods"))
    }
}
