import Foundation
import LedgerTestSupport
import Testing

/// `kubeledger serve` on real cluster data: the must-gather of an OpenShift cluster whose
/// `openshift-console/console` Deployment went through three revisions (shared/corpus).
@Suite(.enabled(if: CLIRunner.hasKubectl && ConsoleCorpus.folder != nil, "needs kubectl and ../shared/corpus"))
struct ServeCorpusTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }

    @Test func `rollout history and describe of the console Deployment through serve show what Kubernetes showed`()
        throws
    {
        let root = try #require(ConsoleCorpus.folder)
        for file in ["apps/replicasets.yaml", "apps/deployments.yaml", "core/pods.yaml", "core/events.yaml"] {
            let r = try cli.run(["append", "-f", root + "/" + file, "--at", "2026-11-26T10:00:00Z"])
            try #require(r.status == 0, "\(file): \(r.stderr)")
        }
        let server = try ServeRunner(store: dir.file("store"))
        defer { server.stop() }
        // kubectl lists the ReplicaSets whose controller owner is the Deployment's uid, by revision.
        let history = try ServeRunner.kubectl(
            ["rollout", "history", "deploy/console", "-n", "openshift-console"], server: server.url)
        #expect(history.status == 0, "\(history.stderr)")
        let revisions = history.stdout.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: " ").first }
        #expect(revisions == ["1", "2", "3"], "\(history.stdout)")
        let describe = try ServeRunner.kubectl(
            ["describe", "deploy", "console", "-n", "openshift-console"], server: server.url)
        #expect(describe.status == 0, "\(describe.stderr)")
        #expect(describe.stdout.contains("NewReplicaSet:") && describe.stdout.contains("console-6b45f48495"))
        // describe shows the Deployment's Events, found by field selector.
        #expect(describe.stdout.contains("ScalingReplicaSet"), "\(describe.stdout)")
        let pods = try ServeRunner.kubectl(
            ["get", "pods", "-n", "openshift-console", "-o", "wide"], server: server.url)
        #expect(pods.status == 0 && pods.stdout.split(separator: "\n").count == 5, "\(pods.stdout)\(pods.stderr)")
    }
}
