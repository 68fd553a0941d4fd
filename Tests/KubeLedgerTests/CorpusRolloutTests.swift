import Foundation
import Testing

@testable import KubeLedger
@testable import Ledger

@Suite(.enabled(if: Fixture.corpus != nil, "shared/corpus is absent"))
struct CorpusRolloutTests {
    @Test(arguments: [false, true])
    func `the console Deployment of must-gather-aws has revisions 1 2 3 from its ReplicaSets`(
        deploymentFirst: Bool
    ) throws {
        let dir = try #require(Fixture.corpus).appendingPathComponent(
            "openshift__must-gather-clean/test/files/must-gather-aws.tar.xz.d/namespaces/openshift-console/apps")
        let deployments = try Corpus.items(dir.appendingPathComponent("deployments.yaml")).filter {
            $0["metadata"]?["name"]?.stringValue == "console"
        }
        let sets = try Corpus.items(dir.appendingPathComponent("replicasets.yaml"))
        var s = Scenario()
        for o in deploymentFirst ? deployments + sets : sets + deployments { s.add(.create, o) }
        let h = try #require(
            s.fold(RolloutsProjection.self).history(kind: "Deployment", namespace: "openshift-console", name: "console")
        )
        #expect(h.visibleRevisions.map(\.number) == [1, 2, 3])
        #expect(h.visibleRevisions.map(\.templateHash) == ["84b5f647b9", "7994575dc5", "6b45f48495"])
        #expect(h.visibleRevisions.allSatisfy { !$0.templateHashDerived && $0.numberObserved })
        #expect(h.current?.number == 3)
        #expect(h.revisions.count == 3)
        #expect(
            try RolloutHistoryView.text(h).hasPrefix(
                "deployment.apps/console \nREVISION  CHANGE-CAUSE\n1         <none>\n"))
    }

    @Test func `the console Deployment alone derives its current revision from its own annotation`() throws {
        let dir = try #require(Fixture.corpus).appendingPathComponent(
            "openshift__must-gather-clean/test/files/must-gather-aws.tar.xz.d/namespaces/openshift-console/apps")
        let d = try #require(
            try Corpus.items(dir.appendingPathComponent("deployments.yaml")).first {
                $0["metadata"]?["name"]?.stringValue == "console"
            })
        var s = Scenario()
        s.add(.create, d)
        let h = try #require(
            s.fold(RolloutsProjection.self).history(kind: "Deployment", namespace: "openshift-console", name: "console")
        )
        #expect(h.visibleRevisions.map(\.number) == [3])
        #expect(h.current?.templateHashDerived == true)
    }
}
