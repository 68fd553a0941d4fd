import Foundation
import KubeLedger
import Ledger
import LedgerTestSupport
import Testing

@testable import KubeLedgerServer

/// Served objects from their stored bytes: the byte splice against the parse-and-rewrite it
/// replaces, on edge cases and on real objects.
@Suite struct ServedObjectTests {
    let dir = TemporaryDirectory()

    /// `bodies` appended as ConfigMaps (each with the cluster resourceVersion `rv`, when given),
    /// read back as recorded.
    func recorded(_ bodies: [String], resourceVersion rv: String = "") throws -> [RecordedEvent] {
        let ledger = try dir.ledger("store-rv\(rv)")
        try ledger.append(
            bodies.enumerated().map { i, body in
                NewEvent(
                    verb: .create,
                    object: ObjectReference(apiVersion: "v1", kind: "ConfigMap", namespace: "ns", name: "o\(i)"),
                    resourceVersion: rv, occurredAt: Timestamp(nanoseconds: 1_800_000_000_000_000_000), actor: "alice",
                    body: Array(body.utf8))
            })
        var events: [RecordedEvent] = []
        try ledger.scan {
            events.append($0)
            return true
        }
        return events
    }

    @Test func `the splice writes what rewriting the parsed metadata writes`() throws {
        let head = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":"#
        let plain = [
            #"{"name":"a","namespace":"ns","resourceVersion":"42","annotations":{"x":"1"}}"#,
            #"{"name":"a","resourceVersion":"42"}"#,  // no namespace, no annotations
            #"{"annotations":{},"name":"a","resourceVersion":"7"}"#,  // empty annotations before it
            #"{"name":"a","annotations":{"kubeledger.io/resource-version":"old","y":"2"},"resourceVersion":"9"}"#,
            #"{"name":"a"}"#,  // no resourceVersion: the event's, if any
            #"{}"#,  // empty metadata
            #"{"name":"a","resourceVersion":""}"#,  // empty: no annotation
            #"{"name":"a","managedFields":[{"manager":"k","fieldsV1":{"f:metadata":{}}}],"resourceVersion":"5"}"#,
        ].map { head + $0 + #","data":{"k":"v\u00e9"}}"# }
        let odd = [
            #"{"name":"a","resourceVersion":5}"#,  // a number
            #"{"name":"a","resourceVersion":"4\u0032"}"#,  // an escape in the token
            #"{"name":"a","annotations":[],"resourceVersion":"5"}"#,  // annotations not an object
            #"{"na\u006de":"a","resourceVersion":"5"}"#,  // an escaped member name
        ].map { head + $0 + "}" }
        for rv in ["", "1234"] {
            let events = try recorded(plain + odd, resourceVersion: rv)
            #expect(events.count == plain.count + odd.count)
            for (i, event) in events.enumerated() {
                let body = try #require(event.body)
                let expected = try #require(ServedObject.rewritten(body: body, namespace: "ns", event: event))
                let spliced = ServedObject.splice(body: body, namespace: "ns", event: event)
                if i < plain.count {
                    #expect(spliced == expected, "\(String(decoding: body, as: UTF8.self)) (rv '\(rv)')")
                } else {
                    #expect(spliced == nil, "\(String(decoding: body, as: UTF8.self)) is left to the parse")
                }
                #expect(ServedObject.bytes(body: body, namespace: "ns", event: event) == expected)
                // The namespace from the key is added only when the object has none.
                #expect(
                    ServedObject.bytes(body: body, namespace: "other", event: event)
                        == ServedObject.rewritten(body: body, namespace: "other", event: event))
            }
        }
    }

    @Test func `real objects are spliced, byte for byte as rewritten`() throws {
        guard let folder = ConsoleCorpus.folder else {
            print("ServedObjectTests: shared corpus absent, real objects not checked")
            return
        }
        let ledger = try dir.ledger()
        let append = ObjectAppend(
            verb: nil, actor: "alice", occurredAt: Timestamp(nanoseconds: 1_800_000_000_000_000_000), id: nil,
            cause: nil, expectation: .any, input: "test")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }
        for file in files {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)))
            guard let objects = try? ObjectDocumentReader().objects(from: bytes, source: file) else { continue }
            _ = try Ingestor().append(append.events(objects), to: ledger)
        }
        var spliced = 0
        try ledger.scan { event in
            guard let body = event.body else { return true }
            let expected = ServedObject.rewritten(body: body, namespace: event.object.namespace, event: event)
            let fast = ServedObject.splice(body: body, namespace: event.object.namespace, event: event)
            #expect(fast == expected, "\(event.object.kind) \(event.object.name)")
            if fast != nil { spliced += 1 }
            return true
        }
        #expect(spliced > 50, "real objects take the splice")
    }

    @Test func `a Table row's metadata is spliced as the parsed metadata is served, managedFields left out`() throws {
        let head = #"{"apiVersion":"v1","kind":"Pod","metadata":"#
        let managed = #""managedFields":[{"manager":"k","fieldsV1":{"f:metadata":{}}}]"#
        let plain = [
            #"{"name":"a","namespace":"ns","resourceVersion":"42","annotations":{"x":"1"}}"#,
            #"{"name":"a","resourceVersion":"5",\#(managed)}"#,  // managedFields last
            #"{\#(managed),"name":"a","resourceVersion":"5"}"#,  // first
            #"{"name":"a",\#(managed),"resourceVersion":"5","annotations":{}}"#,  // between
            #"{\#(managed)}"#,  // alone: the members added come without a comma
            #"{}"#,
        ].map { head + $0 + #","spec":{},"status":{"phase":"Running"}}"# }
        for rv in ["", "1234"] {
            for event in try recorded(plain, resourceVersion: rv) {
                let body = try #require(event.body)
                for namespace in ["ns", "other"] {
                    let parsed = try JSONReader.parseMetadata(body)
                    let served = ServedObject.value(
                        History.namespaced(
                            parsed,
                            ObjectKey(
                                group: "", kind: "Pod", namespace: namespace, name: "a")), event: event, entry: nil)
                    let expected = JSONWriter().bytes(try #require(served["metadata"]))
                    var spliced: [UInt8] = []
                    #expect(ServedObject.spliceMetadata(body: body, namespace: namespace, event: event, to: &spliced))
                    let text = String(decoding: spliced, as: UTF8.self)
                    #expect(spliced == expected, "\(String(decoding: body, as: UTF8.self)) in \(namespace): \(text)")
                }
            }
        }
    }

    @Test func `the Pod Table is written from rows and spliced metadata, byte for byte as built from parsed pods`()
        throws
    {
        let ledger = try dir.ledger()
        let names = (0..<700).map { String(format: "p%04d", ($0 * 7919) % 700) }
        try ledger.append(
            names.enumerated().map { i, n in TestEvents.pod(n, namespace: "ns\(i % 3)", at: 1_800_000_000 + Int64(i)) })
        try ledger.append(
            names.prefix(50).enumerated().map { i, n in
                TestEvents.pod(n, verb: .delete, namespace: "ns\(i % 3)", at: 1_800_002_000)
            })
        if let folder = ConsoleCorpus.folder {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: folder + "/core/pods.yaml")))
            let append = ObjectAppend(
                verb: nil, actor: "alice", occurredAt: Timestamp(nanoseconds: 1_800_003_000_000_000_000), id: nil,
                cause: nil, expectation: .any, input: "pods.yaml")
            _ = try Ingestor().append(
                append.events(try ObjectDocumentReader().objects(from: bytes, source: "p")), to: ledger)
        } else {
            print("ServedObjectTests: shared corpus absent, the must-gather pods not checked")
        }
        // Half the rows from the pod-rows cache, the others computed from the objects.
        try PodRowCache(ledger: ledger).catchUp()
        try ledger.append((0..<100).map { TestEvents.pod("late\($0)", namespace: "ns9", at: 1_800_004_000) })
        let r = APIResponder(history: History(ledger: ledger))
        let entry = try #require(try r.catalog().entry(group: "", resource: "pods"))
        let view = try History(ledger: ledger).point(.revision(try ledger.lastRevision()))
        let q = ObjectQuery(kind: "Pod", group: "", namespace: nil, name: nil)
        for limit in [nil, 300] {
            var after: [UInt8]?
            repeat {
                let page = try r.listPage(q, at: view, after: after, limit: limit, metadataOnly: true)
                let next = page.next.map { ContinueToken(view: view, after: $0).text }
                let expected = JSONWriter().bytes(
                    TableBuilder.table(
                        kind: "Pod",
                        objects: page.objects.map {
                            (ServedObject.value($0.value, event: $0.event, entry: entry), $0.value, $0.body)
                        },
                        at: view.time, resourceVersion: String(view.revision), continueToken: next,
                        remainingItemCount: page.remaining))
                let reply = try r.podTable(q, entry: entry, at: view, after: after, limit: limit)
                guard case .bytes(let fast) = reply.body else { throw ServedObjectFailure("a streamed reply") }
                #expect(fast == expected)
                #expect(page.objects.count > 100)
                after = page.next
            } while after != nil
        }
        // kubectl's request takes the fast path.
        let reply = r.reply(
            method: "GET", path: "/api/v1/pods", query: ["limit": "500"],
            accept: "application/json;as=Table;v=v1;g=meta.k8s.io")
        guard case .bytes(let b) = reply.body else { throw ServedObjectFailure("a streamed reply") }
        let table = try JSONReader.parse(b)
        #expect(table["rows"]?.arrayValue?.count == 500)
        #expect(table["rows"]?[0]?["object"]?["metadata"]?["managedFields"] == nil)
    }

    @Test func `a long JSON list is read on several threads in the API server's order and pages`() throws {
        let ledger = try dir.ledger()
        // More pods than one thread takes, in three namespaces, some deleted.
        let names = (0..<1_500).map { String(format: "p%04d", ($0 * 7919) % 1_500) }
        try ledger.append(
            names.enumerated().map { i, n in
                TestEvents.pod(n, namespace: "ns\(i % 3)", at: 1_800_000_000 + Int64(i))
            })
        try ledger.append(
            names.prefix(100).enumerated().map { i, n in
                TestEvents.pod(n, verb: .delete, namespace: "ns\(i % 3)", at: 1_800_002_000)
            })
        let r = APIResponder(history: History(ledger: ledger))
        func items(_ query: [String: String]) throws -> (names: [String], body: JSONValue) {
            let reply = r.reply(method: "GET", path: "/api/v1/pods", query: query, accept: "application/json")
            guard case .bytes(let b) = reply.body else { throw ServedObjectFailure("a streamed reply") }
            let list = try JSONReader.parse(b)
            let names = (list["items"]?.arrayValue ?? []).compactMap { item -> String? in
                guard let ns = item["metadata"]?["namespace"]?.stringValue,
                    let name = item["metadata"]?["name"]?.stringValue
                else { return nil }
                return ns + "/" + name
            }
            return (names, list)
        }
        let all = try items([:])
        let expected = names.enumerated().dropFirst(100).map { i, n in "ns\(i % 3)/\(n)" }.sorted()
        #expect(all.names == expected)
        #expect(all.body["metadata"]?["resourceVersion"]?.stringValue == "1600")
        // Pages of 600 by continue tokens give the same list.
        var paged: [String] = []
        var token: String?
        repeat {
            var query = ["limit": "600"]
            if let token { query["continue"] = token }
            let page = try items(query)
            paged += page.names
            token = page.body["metadata"]?["continue"]?.stringValue
            if token != nil {
                #expect(page.body["metadata"]?["remainingItemCount"]?.intValue == expected.count - paged.count)
            }
        } while token != nil
        #expect(paged == expected)
    }
}

/// A reply the test could not read.
struct ServedObjectFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
