import Foundation
import KubeLedger
import Testing

@testable import Ledger

@Suite struct ReplayTests {
    func deployment(
        image: String, hash: String? = nil, annotations: String = "{}", paused: Bool = false
    ) throws -> JSONValue {
        let labels = hash.map { #"{"app":"web","pod-template-hash":"\#($0)"}"# } ?? #"{"app":"web"}"#
        return try JSONReader.parse(
            Array(
                #"""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","annotations":\#(annotations)},\#
                "spec":{"paused":\#(paused),"template":{"metadata":{"labels":\#(labels)},\#
                "spec":{"containers":[{"name":"nginx","image":"\#(image)"}]}}}}
                """#
                .utf8))
    }

    func revision(_ n: Int, image: String, annotations: [(key: String, value: String)] = []) throws -> RollbackRevision
    {
        RollbackRevision(
            number: n,
            template: try #require(try deployment(image: image, hash: "h\(n)").value(atPath: "spec.template")),
            annotations: annotations)
    }

    @Test func undoToTheCurrentTemplateIsSkippedWithKubectlsMessage() throws {
        let plan = try RollbackPlanner.deployment(
            current: try deployment(image: "nginx:1.26"),
            revisions: [try revision(1, image: "nginx:1.25"), try revision(2, image: "nginx:1.26")], toRevision: 2)
        #expect(
            plan
                == .skipped(
                    revision: 2,
                    message: "deployment.apps/web skipped rollback (current template already matches revision 2)"))
    }

    @Test func undoReplacesTemplateAndAnnotationsKeepingTheSkipList() throws {
        let current = try deployment(
            image: "nginx:1.26",
            annotations: #"{"deployment.kubernetes.io/revision":"2","kubernetes.io/change-cause":"new","team":"a"}"#)
        let target = try revision(
            1, image: "nginx:1.25",
            annotations: [("kubernetes.io/change-cause", "old"), ("deployment.kubernetes.io/revision", "1")])
        let plan = try RollbackPlanner.deployment(
            current: current, revisions: [target, try revision(2, image: "nginx:1.26")], toRevision: 0)
        guard case .rollBack(let manifest, let n, let message) = plan else {
            Issue.record("expected a rollback")
            return
        }
        #expect(n == 1 && message == "deployment.apps/web rolled back")
        #expect(manifest.value(atPath: "spec.template.spec.containers[0].image")?.stringValue == "nginx:1.25")
        #expect(manifest.value(atPath: "spec.template.metadata.labels")?.objectValue?.keys == ["app"])
        #expect(
            manifest.value(atPath: "metadata.annotations")
                == .object(
                    JSONObject([
                        ("deployment.kubernetes.io/revision", .string("2")),
                        ("kubernetes.io/change-cause", .string("old")),
                    ])))
    }

    @Test func unknownRevisionsAndPausedDeploymentsGiveKubectlsErrors() throws {
        let current = try deployment(image: "x")
        #expect(throws: RollbackError.revisionNotFound(7)) {
            try RollbackPlanner.deployment(current: current, revisions: [try revision(1, image: "y")], toRevision: 7)
        }
        #expect(RollbackError.revisionNotFound(7).description == "unable to find specified revision 7 in history")
        #expect(throws: RollbackError.noRolloutHistory(name: "web")) {
            try RollbackPlanner.deployment(current: current, revisions: [try revision(1, image: "y")], toRevision: 0)
        }
        #expect(
            RollbackError.noRolloutHistory(name: "web").description == #"no rollout history found for deployment "web""#
        )
        #expect(throws: RollbackError.paused) {
            try RollbackPlanner.deployment(
                current: try deployment(image: "x", paused: true),
                revisions: [try revision(1, image: "y"), try revision(2, image: "x")], toRevision: 1)
        }
        #expect(throws: RollbackError.noLastRevision) {
            try RollbackPlanner.controllerRevision(kind: "StatefulSet", current: current, revisions: [], toRevision: 0)
        }
    }

    @Test func statefulSetUndoIsSkippedWhenTheTemplateMatches() throws {
        let current = try deployment(image: "x")
        let template = try #require(current.value(atPath: "spec.template"))
        let plan = try RollbackPlanner.controllerRevision(
            kind: "StatefulSet", current: current, revisions: [RollbackRevision(number: 3, template: template)],
            toRevision: 3)
        #expect(
            plan
                == .skipped(
                    revision: 3,
                    message: "statefulset.apps/web skipped rollback (current template already matches revision 3)"))
    }

    @Test func fieldHistoryListsEveryChangeWithWhoAndWhen() throws {
        let ref = ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "d", name: "web")
        func event(_ rev: UInt64, _ verb: Verb, _ image: String?, actor: String) -> RecordedEvent {
            let body = image.map {
                Array(
                    #"""
                    {"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox"},{"name":"nginx",\#
                    "image":"\#($0)"}]}}}}
                    """#
                    .utf8)
            }
            return recorded(
                NewEvent(
                    verb: verb, object: ref, occurredAt: Timestamp(nanoseconds: Int64(rev) * 1_000_000_000),
                    actor: actor, body: body), revision: rev)
        }
        let events = [
            event(1, .create, "nginx:1.25", actor: "alice"), event(2, .update, "nginx:1.25", actor: "bob"),
            event(3, .update, nil, actor: "x"),
            event(4, .patch, "nginx:1.26", actor: "carol"), event(5, .delete, "nginx:1.26", actor: "dave"),
        ]
        let changes = FieldHistory.changes(of: "spec.template.spec.containers[name=nginx].image", in: events)
        #expect(changes.map(\.revision) == [1, 4, 5])
        #expect(changes.map(\.actor) == ["alice", "carol", "dave"])
        #expect(changes[1].oldValue == .string("nginx:1.25") && changes[1].newValue == .string("nginx:1.26"))
        #expect(
            FieldHistory.changes(of: "spec.template.spec.containers[1].image", in: events).map(\.revision) == [1, 4, 5])
        let table = AuditTable.render(AuditTable.rows(changes, path: "image", object: "Deployment/d/web"))
        #expect(
            table.split(separator: "\n")[0]
                == "REVISION   TIME                   ACTOR   VERB     OBJECT             CHANGE")
        #expect(
            table.split(separator: "\n")[2]
                == """
                4          1970-01-01T00:00:04Z   carol   patch    Deployment/d/web   image: nginx:1.25 -> \
                nginx:1.26
                """
        )
    }

    @Test func noiseFilterDropsManagedFieldsResourceVersionAndConditionTimesButKeepsGeneration() throws {
        let v = try JSONReader.parse(
            Array(
                #"""
                {"metadata":{"generation":2,"resourceVersion":"9","managedFields":[{}]},\#
                "status":{"conditions":[{"type":"Ready","lastTransitionTime":"t","lastProbeTime":null}]}}
                """#
                .utf8))
        #expect(
            KubectlYAML.render(DiffNoiseFilter.filter(v))
                == "metadata:\n  generation: 2\nstatus:\n  conditions:\n  - type: Ready\n")
    }
}
