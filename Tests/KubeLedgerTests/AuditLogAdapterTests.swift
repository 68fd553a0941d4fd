import Foundation
import KubeLedger
import Ledger
import Testing

@Suite struct AuditLogAdapterTests {
    static let falco = "falcosecurity__falco/test/trace_files/k8s_audit"

    func items(_ text: String, source: String = "audit.log") -> [IngestItem] {
        AuditLogAdapter(source: source).items(in: Array(text.utf8))
    }

    static func line(
        verb: String = "create", stage: String = "ResponseComplete", code: String = "201",
        uri: String = "/api/v1/namespaces/default/pods",
        objectRef: String = #"{"resource":"pods","namespace":"default","name":"p","apiVersion":"v1"}"#,
        extra: String = ""
    ) -> String {
        #"""
        {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"id-1","stage":"\#(stage)",\#
        "requestURI":"\#(uri)","verb":"\#(verb)","user":{"username":"alice","groups":["dev"]},"sourceIPs":["10.0.0.1",\#
        "10.0.0.2"],"userAgent":"kubectl/v1.32","objectRef":\#(objectRef),"responseStatus":{"metadata":{},\#
        "code":\#(code)},"stageTimestamp":"2026-11-26T10:00:00.123456Z"\#(extra)}
        """#
    }

    @Test func aCreateBecomesAnEventWithTheResponseObjectVerbatim() throws {
        let object =
            #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default","uid":"u1",\#
            "resourceVersion":"42"},  "spec":{}}
            """#
        let items = items(Self.line(extra: #","responseObject":"# + object))
        let event = try #require(items.first?.newEvent)
        #expect(event.verb == .create)
        #expect(event.body == Array(object.utf8))
        #expect(
            event.object == ObjectReference(apiVersion: "v1", kind: "Pod", namespace: "default", name: "p", uid: "u1"))
        #expect(event.resourceVersion == "42")
        #expect(
            event.actor == "alice" && event.groups == ["dev"] && event.sourceIP == "10.0.0.1"
                && event.userAgent == "kubectl/v1.32")
        #expect(event.eventID == "id-1" && event.source == .audit)
        #expect(event.occurredAt == Timestamp(rfc3339: "2026-11-26T10:00:00.123456Z"))
        #expect(event.annotations.contains(Annotation(Annotation.importLine, "1")))
    }

    @Test func aDryRunIsSkipped() {
        let items = items(Self.line(uri: "/api/v1/namespaces/default/pods?dryRun=All&fieldManager=kubectl"))
        #expect(items == [.skipped(reason: .dryRun, line: 1)])
    }

    @Test func readVerbsFailuresAndOtherStagesAreSkippedAndCounted() {
        let text = [
            Self.line(verb: "get", code: "200"), Self.line(code: "409"), Self.line(stage: "RequestReceived"),
            Self.line(objectRef: #"{"apiVersion":"v1"}"#),
        ].joined(separator: "\n")
        let tally = IngestTally(items(text))
        #expect(tally.events == 0)
        #expect(tally.skipped == [.readVerb: 1, .failed: 1, .otherStage: 1, .nonResource: 1])
    }

    @Test func aGenerateNameCreateTakesItsNameFromTheResponse() throws {
        let ref = #"{"resource":"pods","namespace":"default","apiVersion":"v1"}"#
        let object =
            #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"web-","name":"web-x7k2p",\#
            "namespace":"default","uid":"u9"}}
            """#
        let event = try #require(
            items(Self.line(objectRef: ref, extra: #","responseObject":"# + object)).first?.newEvent)
        #expect(event.object.name == "web-x7k2p")
        #expect(event.object.uid == "u9")
        // Without a response object the name is unknown: skipped, not stored under an empty name.
        #expect(items(Self.line(objectRef: ref)) == [.skipped(reason: .unnamedObject, line: 1)])
    }

    @Test func aMetadataLevelRecordIsStoredWithoutABody() throws {
        let ref =
            #"{"resource":"widgets","namespace":"default","name":"w1","apiGroup":"example.com","apiVersion":"v1"}"#
        let event = try #require(items(Self.line(verb: "update", code: "200", objectRef: ref)).first?.newEvent)
        #expect(event.body == nil)
        #expect(event.verb == .update)
        #expect(event.object.kind == "Widget")
        #expect(event.object.apiVersion == "example.com/v1")
    }

    @Test func deletecollectionExpandsIntoOneDeletePerItem() throws {
        let list =
            #"""
            {"kind":"PodList","apiVersion":"v1","items":[{"metadata":{"name":"a","namespace":"default","uid":"ua"}},\#
            {"metadata":{"name":"b","namespace":"default","uid":"ub"}}]}
            """#
        let ref = #"{"resource":"pods","namespace":"default","apiVersion":"v1"}"#
        let events = items(
            Self.line(verb: "deletecollection", code: "200", objectRef: ref, extra: #","responseObject":"# + list)
        ).compactMap(\.newEvent)
        #expect(events.map(\.object.name) == ["a", "b"])
        #expect(events.allSatisfy { $0.verb == .delete && $0.object.kind == "Pod" })
        #expect(events.map(\.eventID) == ["id-1/ua", "id-1/ub"])
        #expect(
            items(Self.line(verb: "deletecollection", code: "200", objectRef: ref)) == [
                .skipped(reason: .collectionWithoutItems, line: 1)
            ])
    }

    @Test func aPodBindingIsAnUpdateOfThePodWithTheNodeInAnAnnotation() throws {
        let ref = #"{"resource":"pods","namespace":"default","name":"p","apiVersion":"v1","subresource":"binding"}"#
        let request =
            #"""
            ,"requestObject":{"kind":"Binding","apiVersion":"v1","metadata":{"name":"p"},"target":{"kind":"Node",\#
            "name":"node-1"}},"responseObject":{"kind":"Status","apiVersion":"v1","status":"Success","code":201}
            """#
        let event = try #require(items(Self.line(objectRef: ref, extra: request)).first?.newEvent)
        #expect(
            event.verb == .update && event.subresource == "binding" && event.body == nil && event.object.kind == "Pod")
        #expect(event.annotations.contains(Annotation(AuditLogAdapter.bindingNodeAnnotation, "node-1")))
    }

    @Test func aScaleResponseIsNotUsedAsTheDeploymentBody() throws {
        let ref =
            #"""
            {"resource":"deployments","namespace":"default","name":"web","apiGroup":"apps","apiVersion":"v1",\#
            "subresource":"scale"}
            """#
        let event = try #require(
            items(
                Self.line(
                    verb: "patch", code: "200", objectRef: ref,
                    extra:
                        #","responseObject":{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web"}}"#)
            ).first?.newEvent)
        #expect(
            event.object.kind == "Deployment" && event.subresource == "scale" && event.body == nil
                && event.verb == .patch)
    }

    @Test func anImpersonatedRequestIsTheImpersonatedUsersWithTheRealUserNoted() throws {
        let event = try #require(
            items(Self.line(extra: #","impersonatedUser":{"username":"bob","groups":["system:authenticated"]}"#)).first?
                .newEvent)
        #expect(event.actor == "bob" && event.groups == ["system:authenticated"])
        #expect(event.annotations.contains(Annotation(AuditLogAdapter.impersonatorAnnotation, "alice")))
    }

    @Test func aWrongTypeIsRejectedNamingFileLineAndField() throws {
        let text = Self.line(code: "200") + "\n" + Self.line(code: "\"oops\"")
        let items = items(text)
        guard case .rejected(let error) = items.last else {
            Issue.record("expected a reject, got \(items)")
            return
        }
        #expect(error.description == "audit.log:2: responseStatus.code: not a number (a string)")
    }

    @Test func malformedJSONIsRejectedAndReadingGoesOn() {
        let text = Self.line() + "\n{\"kind\": \"Event\", \n" + Self.line()
        let items = items(text)
        #expect(items.count == 3)
        guard case .rejected(let e) = items[1] else {
            Issue.record("expected a reject")
            return
        }
        #expect(e.line == 2)
        #expect(e.description.hasPrefix("audit.log:2: invalid JSON"))
    }

    @Test func invalidUTF8IsRejectedForItsLineOnly() {
        var bytes = Array((Self.line() + "\n").utf8)
        var bad = Array(Self.line().utf8)
        bad[bad.count - 5] = 0xFF
        bytes += bad + Array(("\n" + Self.line()).utf8)
        let items = AuditLogAdapter(source: "x").items(in: bytes)
        #expect(items.count == 3)
        #expect(items[1].line == 2)
        if case .rejected(let e) = items[1] {
            #expect(e.message.contains("invalid UTF-8"))
        } else {
            Issue.record("expected a reject")
        }
    }

    @Test func utf8IsCheckedAheadOfTheReaderWithTheSameVerdicts() {
        // Valid multi-byte text everywhere, a bad byte before a syntax error (a UTF-8 reject),
        // and a bad byte after one (a JSON reject): each costs its own line only.
        let good = Self.line().replacing("alice", with: "alicé🚀")
        let broken = Array(good.utf8.dropLast(1))
        var badThenBroken = Array(good.utf8.dropLast(1))
        badThenBroken[10] = 0xC3
        badThenBroken[11] = 0x28
        var brokenThenBad = broken
        brokenThenBad += [0x2C, 0x2C, 0xFF]
        var bytes = Array((good + "\n").utf8)
        bytes += badThenBroken + [0x0A] + Array((good + "\n").utf8)
        bytes += brokenThenBad + [0x0A] + Array((good + "\n").utf8)
        let items = AuditLogAdapter(source: "x").items(in: bytes)
        #expect(items.count == 5)
        #expect(items.map(\.line) == [1, 2, 3, 4, 5])
        if case .rejected(let e) = items[1] {
            #expect(e.message.contains("invalid UTF-8"), "\(e)")
        } else {
            Issue.record("expected a reject")
        }
        if case .rejected(let e) = items[3] {
            #expect(e.message.contains("invalid JSON"), "\(e)")
        } else {
            Issue.record("expected a reject")
        }
        for i in [0, 2, 4] {
            if case .event(let e, _) = items[i] {
                #expect(e.actor.contains("🚀"))
            } else {
                Issue.record("expected an event at \(i)")
            }
        }
    }

    @Test func anEventListDocumentIsRead() throws {
        let text =
            "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[\n" + Self.line() + ",\n"
            + Self.line(verb: "get", code: "200") + "\n]}"
        let items = items(text)
        #expect(items.count == 2)
        #expect(items[0].newEvent?.verb == .create && items[0].line == 2)
        #expect(items[1] == .skipped(reason: .readVerb, line: 3))
    }

    // MARK: - Corpus

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found (../shared/corpus or /work/shared/corpus)"))
    func falcoTracesGiveEventsSkipsAndOneReject() throws {
        var tally = IngestTally()
        var rejects: [String] = []
        for file in Corpus.files(in: Self.falco, suffix: ".json") {
            let name = (file as NSString).lastPathComponent
            for item in AuditLogAdapter(source: name).items(in: try Corpus.bytes(file)) {
                tally.add(item)
                if case .rejected(let e) = item { rejects.append(e.description) }
                if case .event(let e, _) = item {
                    #expect(!e.object.name.isEmpty && !e.object.kind.isEmpty && !e.object.apiVersion.isEmpty)
                }
            }
        }
        #expect(rejects == ["fal_01_003.json:1: kind: must be a string, not a number"])
        #expect(tally.events == 48)
        #expect(tally.skipped == [.otherStage: 2, .readVerb: 1])
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func falcoDeleteAnsweredWithAStatusHasNoBodyAndAPatchKeepsTheResponse() throws {
        let delete = AuditLogAdapter(source: "d").items(in: try Corpus.bytes(Self.falco + "/delete_configmap.json"))
        let d = try #require(delete.first?.newEvent)
        #expect(d.verb == .delete && d.body == nil && d.object.kind == "ConfigMap")
        let patch = AuditLogAdapter(source: "p").items(
            in: try Corpus.bytes(Self.falco + "/modify_cluster_role_node_problem_detector.json"))
        let p = try #require(patch.first?.newEvent)
        #expect(
            p.verb == .patch && p.object.kind == "ClusterRole" && p.object.apiVersion == "rbac.authorization.k8s.io/v1")
        let body = try JSONReader.parse(try #require(p.body))
        #expect(body["kind"]?.stringValue == "ClusterRole")
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func audit2rbacDemoLogIsAllSkipped() throws {
        let items = AuditLogAdapter(source: "demo.log").items(
            in: try Corpus.bytes("liggitt__audit2rbac/testdata/demo.log"))
        let tally = IngestTally(items)
        #expect(items.count == 37)
        #expect(tally.events == 0 && tally.rejected.isEmpty)
        #expect(tally.skipped[.readVerb, default: 0] + tally.skipped[.nonResource, default: 0] == 37)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func kubeAuditRestAdmissionReviewsAreRejectedWithAClearMessage() throws {
        let items = AuditLogAdapter(source: "kube-audit-rest.log").items(
            in: try Corpus.bytes("RichardoC__kube-audit-rest/testing/locally/data/kube-audit-rest.log"))
        #expect(items.count == 59)
        let first = try #require(IngestTally(items).rejected.first)
        #expect(IngestTally(items).rejected.count == 59)
        #expect(first.description.hasPrefix("kube-audit-rest.log:1: kind: AdmissionReview records"))
    }
}
