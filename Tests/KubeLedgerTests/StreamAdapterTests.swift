import Foundation
import KubeLedger
import Testing

@testable import Ledger

@Suite struct WatchStreamAdapterTests {
    static let azkaban =
        "azkaban__azkaban/azkaban-common/src/test/resources/azkaban/executor/container/watch/sample-events1.json"

    @Test func watchTypesMapToVerbsAndBookmarksAreSkipped() throws {
        let pod =
            #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns","uid":"u1","resourceVersion":"RV",\#
            "creationTimestamp":"2026-01-01T00:00:00Z"}}
            """#
        let text = [
            #"{"type":"ADDED","object":"# + pod.replacingOccurrences(of: "RV", with: "1") + "}",
            #"{"type":"MODIFIED","object":"# + pod.replacingOccurrences(of: "RV", with: "2") + "}",
            #"{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"3"}}}"#,
            #"{"type":"DELETED","object":"# + pod.replacingOccurrences(of: "RV", with: "4") + "}",
        ].joined(separator: "\n")
        var adapter = WatchStreamAdapter(source: "w.json")
        let items = adapter.items(in: Array(text.utf8))
        #expect(items.compactMap(\.newEvent).map(\.verb) == [.create, .update, .delete])
        #expect(items.compactMap(\.newEvent).map(\.eventID) == ["u1/1/ADDED", "u1/2/MODIFIED", "u1/4/DELETED"])
        #expect(items[2] == .skipped(reason: .bookmark, line: 3))
        #expect(items[0].newEvent?.occurredAt == Timestamp(rfc3339: "2026-01-01T00:00:00Z"))
        #expect(items[0].newEvent?.source == .watch)
    }

    @Test func a410ErrorIsRejectedWithAnInstructionToRelist() {
        let text =
            #"""
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old \#
            resource version: 1 (5)","reason":"Expired","code":410}}
            """#
        var adapter = WatchStreamAdapter(source: "-")
        let items = adapter.items(in: Array(text.utf8))
        guard case .rejected(let e)? = items.first else {
            Issue.record("expected a reject")
            return
        }
        #expect(e.description.hasPrefix("-:1: object: watch ERROR: too old resource version: 1 (5) (code 410)"))
        #expect(e.message.contains("re-list"))
    }

    @Test func anArrivalTimeOverridesTheObjectsTimes() throws {
        let at = try #require(Timestamp(rfc3339: "2026-11-26T10:00:00Z"))
        var adapter = WatchStreamAdapter(source: "-", arrivalTime: at)
        let text =
            #"""
            {"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","uid":"u",\#
            "resourceVersion":"1"}}}
            """#
        #expect(adapter.items(in: Array(text.utf8)).first?.newEvent?.occurredAt == at)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func azkabansPrettyPrintedStreamGives17EventsFor3Pods() throws {
        var adapter = WatchStreamAdapter(source: "sample-events1.json")
        let bytes = try Corpus.bytes(Self.azkaban)
        let items = adapter.items(in: bytes)
        let events = items.compactMap(\.newEvent)
        #expect(items.count == 17 && events.count == 17)
        #expect(Set(events.filter { $0.verb == .create }.map(\.object.name)).count == 3)
        #expect(events.filter { $0.verb == .create }.count == 3)
        // Bodies are the input bytes, verbatim, and parse as the pod.
        for e in events {
            let body = try #require(e.body)
            #expect(try JSONReader.parse(body)["kind"]?.stringValue == "Pod")
            #expect(bytes.firstRange(of: body) != nil)
        }
        #expect(events.allSatisfy { $0.occurredAt.nanoseconds > 0 })
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func kubectlEditResponsesReadAsAPlainObjectStream() throws {
        // A GET response then the PATCH response of `kubectl edit` (tab-indented JSON, one after another).
        let dir = "kubernetes__kubectl/pkg/cmd/edit/testdata/testcase-list"
        let bytes = try Corpus.bytes(dir + "/1.response") + Array("\n".utf8) + (try Corpus.bytes(dir + "/4.response"))
        var adapter = WatchStreamAdapter(source: "edit")
        let events = adapter.items(in: bytes).compactMap(\.newEvent)
        #expect(events.map(\.verb) == [.create, .update])
        #expect(events.map(\.object.name) == ["svc1", "svc1"])
        let history = FieldHistory.changes(
            of: "metadata.labels.new-label",
            in: events.enumerated().map { recorded($0.element, revision: UInt64($0.offset + 1)) })
        #expect(history.map { FieldHistory.display($0.newValue) }.count >= 1)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func kubectlEditErrorStatusAndEmptyRequestsAreHandled() throws {
        let dir = "kubernetes__kubectl/pkg/cmd/edit/testdata"
        var adapter = WatchStreamAdapter(source: "0.request")
        #expect(adapter.items(in: try Corpus.bytes(dir + "/testcase-list/0.request")).isEmpty)
        let statuses = Corpus.files(in: dir + "/testcase-create-list-error", suffix: ".response")
        var rejected = 0
        for file in statuses {
            var a = WatchStreamAdapter(source: file)
            for case .rejected(let e) in a.items(in: try Corpus.bytes(file)) {
                #expect(e.message.contains("Status object"))
                rejected += 1
            }
        }
        #expect(rejected >= 1)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func pulumiPodHistoryArrayIsCreateThenUpdates() throws {
        var adapter = WatchStreamAdapter(source: "createSuccess.json")
        let events = adapter.items(
            in: try Corpus.bytes(
                """
                pulumi__pulumi-kubernetes/provider/pkg/await/checker/internal/workflows/kubernetes/pod/\
                createSuccess.json
                """
            )
        ).compactMap(\.newEvent)
        #expect(events.map(\.verb) == [.create, .update, .update, .update])
        #expect(events.map(\.resourceVersion) == ["389616", "389617", "389619", "389626"])
    }
}

func recorded(_ e: NewEvent, revision: UInt64, recordedAt: Timestamp? = nil) -> RecordedEvent {
    RecordedEvent(
        revision: revision, recordedAt: recordedAt ?? e.occurredAt, objectVersion: revision, verb: e.verb,
        object: e.object,
        subresource: e.subresource, resourceVersion: e.resourceVersion, occurredAt: e.occurredAt, actor: e.actor,
        groups: e.groups,
        userAgent: e.userAgent, sourceIP: e.sourceIP, source: e.source, eventID: e.eventID, annotations: e.annotations,
        body: e.body,
        previousHash: [UInt8](repeating: 0, count: 32), hash: [UInt8](repeating: UInt8(revision & 0xFF), count: 32))
}

@Suite struct ListAndNativeAdapterTests {
    @Test func aTypedListsItemsAreObservedWithTheListsKind() throws {
        let text =
            #"""
            {"kind":"PodList","apiVersion":"v1","items":[{"metadata":{"name":"a","namespace":"n","uid":"ua",\#
            "resourceVersion":"5","creationTimestamp":"2026-01-01T00:00:00Z"}}]}
            """#
        let items = ListSnapshotAdapter(source: "l").items(in: Array(text.utf8))
        guard case .observed(let e, let line)? = items.first else {
            Issue.record("expected an observation")
            return
        }
        #expect(
            line == 1 && e.object.kind == "Pod" && e.object.apiVersion == "v1" && e.eventID == "ua/5/LIST"
                && e.source == .list)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func anEditListDocumentIsObservedItemByItem() throws {
        let items = ListSnapshotAdapter(source: "l", observedAt: Timestamp(nanoseconds: 1)).items(
            in: try Corpus.bytes("kubernetes__kubectl/pkg/cmd/edit/testdata/testcase-list/0.response"))
        #expect(items.count == 1 && items.first?.newEvent?.object.kind == "ConfigMap")
    }

    @Test func nativeLinesNeedAVerbAndATime() {
        let items = NativeEventAdapter(source: "e.jsonl").items(
            in: Array(
                (#"{"objectRef":{"apiVersion":"v1","kind":"Pod","name":"p"},"occurredAt":"2026-01-01T00:00:00Z"}"#
                    + "\n"
                        + #"""
                        {"verb":"create","objectRef":{"apiVersion":"v1","kind":"Pod","name":"p"},\#
                        "occurredAt":"yesterday"}
                        """#
                    + "\n" + #"{"verb":"create","objct":{}}"#).utf8))
        #expect(
            items.map { if case .rejected(let e) = $0 { e.description } else { "" } } == [
                "e.jsonl:1: verb: missing (create, update, patch or delete)",
                "e.jsonl:2: occurredAt: not an RFC 3339 time: yesterday",
                "e.jsonl:3: objct: unknown field",
            ])
    }

    @Test func anExportReadsBackAsTheSameRecords() throws {
        let body = Array(
            #"""
            { "apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"d","uid":"u"} , \#
            "spec":{"replicas":3}}
            """#
            .utf8)
        let ref = ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "d", name: "web", uid: "u")
        let events = [
            NewEvent(
                verb: .create, object: ref, resourceVersion: "1",
                occurredAt: Timestamp(nanoseconds: 1_700_000_000_123_456_789), actor: "alice \"a\"",
                groups: ["g1", "g2"], userAgent: "ua", sourceIP: "::1", source: .audit, eventID: "id\n1",
                annotations: [Annotation(Annotation.changeCause, "kubectl … ünï"), Annotation("b", "")],
                body: body),
            NewEvent(
                verb: .update, object: ref, subresource: "status", occurredAt: Timestamp(nanoseconds: -5),
                source: .watch, body: nil),
        ]
        var text: [UInt8] = []
        let originals = events.enumerated().map {
            recorded(
                $0.element, revision: UInt64($0.offset + 1), recordedAt: Timestamp(nanoseconds: 42 + Int64($0.offset)))
        }
        for r in originals { NativeEventWriter.append(r, to: &text) }
        let items = NativeEventAdapter(source: "export.jsonl").items(in: text)
        #expect(items.count == 2)
        for (item, original) in zip(items, originals) {
            guard case .restored(let e, let recordedAt, let revision, _) = item else {
                Issue.record("expected restored, got \(item)")
                continue
            }
            #expect(recordedAt == original.recordedAt && revision == original.revision)
            let back = recorded(e, revision: revision ?? 0, recordedAt: recordedAt)
            #expect(back == original)
        }
    }

    @Test func theJoinKeyNeedsUidAndResourceVersion() {
        let ref = ObjectReference(apiVersion: "v1", kind: "Pod", name: "p", uid: "u")
        #expect(
            ProvenanceKey.joinKey(
                of: NewEvent(
                    verb: .update, object: ref, resourceVersion: "7", occurredAt: Timestamp(nanoseconds: 0), body: nil))
                == "u/7")
        #expect(
            ProvenanceKey.joinKey(
                of: NewEvent(verb: .update, object: ref, occurredAt: Timestamp(nanoseconds: 0), body: nil)) == nil)
    }
}
