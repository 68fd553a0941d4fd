import Foundation
import Ledger
import LedgerTestSupport
import Testing

@testable import KubeLedger

/// End-to-end: rollout history and undo, time travel, diff, audit, import joining, export, replay.
@Suite(.enabled(if: CLIRunner.hasKubectl, "kubectl is needed to make real objects"))
struct ReplayEndToEndTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }

    func write(_ name: String, _ text: String) -> String {
        FileManager.default.createFile(atPath: dir.file(name), contents: Data(text.utf8))
        return dir.file(name)
    }

    /// web at nginx 1.25 → 1.26 → 1.27 with revisionHistoryLimit 1, appended at 09:00, 10:00, 11:00.
    func threeRevisions() throws {
        let v1 = try CLIRunner.kubectl([
            "create", "deployment", "web", "--image=nginx:1.25", "--dry-run=client", "-o", "json",
        ])
        .replacingOccurrences(of: "\"strategy\": {}", with: "\"strategy\": {}, \"revisionHistoryLimit\": 1")
        let v2 = try CLIRunner.kubectl(
            ["set", "image", "--local", "-f", "-", "nginx=nginx:1.26", "-o", "json"], stdin: v1)
        let v3 = try CLIRunner.kubectl(
            ["set", "image", "--local", "-f", "-", "nginx=nginx:1.27", "-o", "json"], stdin: v1)
        try #require(
            try cli.run(["append", "-f", write("v1.json", v1), "--user", "alice", "--at", "2026-11-26T09:00:00Z"])
                .status == 0)
        try #require(
            try cli.run([
                "append", "-f", write("v2.json", v2), "--user", "bob", "--at", "2026-11-26T10:00:00Z", "--cause",
                "nginx 1.26",
            ]).status == 0)
        try #require(
            try cli.run(["append", "-f", write("v3.json", v3), "--user", "carol", "--at", "2026-11-26T11:00:00Z"])
                .status == 0)
    }

    @Test func rolloutHistoryPrintsKubectlsFormat() throws {
        try threeRevisions()
        let r = try cli.run(["rollout", "history", "deploy/web"])
        #expect(
            r.stdout
                == "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         nginx 1.26\n3         "
                + "<none>\n\n"
        )
        let json =
            try JSONSerialization.jsonObject(
                with: Data(try cli.run(["rollout", "history", "deploy/web", "-o", "json"]).stdout.utf8))
            as! [String: Any]
        let revisions = json["revisions"] as! [[String: Any]]
        #expect(revisions.map { $0["revision"] as! Int } == [1, 2, 3])
        #expect(revisions.map { ($0["images"] as! [String]).first! } == ["nginx:1.25", "nginx:1.26", "nginx:1.27"])
        #expect(revisions.map { $0["actor"] as! String } == ["alice", "bob", "carol"])
        #expect(revisions[1]["changeCause"] as? String == "nginx 1.26")
    }

    @Test func undoBeyondRevisionHistoryLimitRecordsTheRollbackAndRenumbers() throws {
        try threeRevisions()
        // revisionHistoryLimit 1: Kubernetes would have garbage-collected revision 1 by now.
        let undo = try cli.run(["rollout", "undo", "deploy/web", "--to-revision", "1", "--user", "dave", "--record"])
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(undo.stdout.contains("image: nginx:1.25"))
        #expect(undo.stderr.contains("deployment.apps/web rolled back"))
        let history = try cli.run(["rollout", "history", "deploy/web"]).stdout
        #expect(
            history
                == "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         nginx 1.26\n3         <none>\n4         "
                + "<none>\n\n"
        )
        let last = try cli.run(["log", "--from", "4", "-o", "jsonl"]).stdout
        #expect(
            last.contains(#""actor":"dave""#) && last.contains(#""source":"rollback""#)
                && last.contains(#""kubeledger.io/rollback-of":"1""#))
    }

    @Test func undoToTheCurrentTemplateIsSkippedWithKubectlsMessage() throws {
        try threeRevisions()
        let r = try cli.run(["rollout", "undo", "deploy/web", "--to-revision", "3"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("deployment.apps/web skipped rollback (current template already matches revision 3)"))
        #expect(try cli.run(["log", "-o", "jsonl"]).stdout.split(separator: "\n").count == 3, "nothing recorded")
        let unknown = try cli.run(["rollout", "undo", "deploy/web", "--to-revision", "9"])
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("unable to find specified revision 9 in history"))
    }

    @Test func undoRecordsNothingWithoutRecordAndDryRunWins() throws {
        try threeRevisions()
        // The rollback happens when the manifest is applied; a recorder records it then.
        let plain = try cli.run(["rollout", "undo", "deploy/web"])
        #expect(plain.status == 0 && plain.stdout.contains("nginx:1.26"))
        #expect(plain.stderr.contains("apply the manifest with kubectl apply -f -"))
        #expect(try cli.run(["log", "-o", "jsonl"]).stdout.split(separator: "\n").count == 3)
        #expect(try cli.run(["rollout", "undo", "deploy/web", "--dry-run"]).stdout.contains("nginx:1.26"))
        #expect(try cli.run(["rollout", "undo", "deploy/web", "--dry-run", "--record"]).status == 0)
        #expect(try cli.run(["log", "-o", "jsonl"]).stdout.split(separator: "\n").count == 3)
    }

    @Test func getShowsTheObjectAsItWasAtATimeOrRevision() throws {
        try threeRevisions()
        func image(_ args: [String]) throws -> String? {
            let out = try cli.run(["get", "deploy/web", "-o", "json"] + args).stdout
            let o = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
            let spec = ((o["spec"] as! [String: Any])["template"] as! [String: Any])["spec"] as! [String: Any]
            return (spec["containers"] as! [[String: Any]])[0]["image"] as? String
        }
        #expect(try image([]) == "nginx:1.27")
        #expect(try image(["--revision", "1"]) == "nginx:1.25")
        #expect(try image(["--at", "2026-11-26T10:30:00Z"]) == "nginx:1.26")
        let table = try cli.run(["get", "deployments", "--at", "2026-11-26T10:30:00Z"]).stdout
        #expect(table.hasPrefix("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    "))
        #expect(
            table.contains("<unknown>"), "client-side objects have no creationTimestamp, as kubectl shows: \(table)")
        let missing = try cli.run(["get", "deploy/web", "--at", "2026-11-26T08:00:00Z"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains(#"deployments.apps "web" not found"#))
    }

    @Test func diffShowsTheChangedImageAndHidesNoise() throws {
        try threeRevisions()
        let d = try cli.run(["diff", "deploy/web", "--from", "1", "--to", "2026-11-26T11:00:00Z"]).stdout
        #expect(d.contains("-      - image: nginx:1.25"))
        #expect(d.contains("+      - image: nginx:1.27"))
        #expect(d.contains("@@ "))
    }

    @Test func auditFieldGivesEveryChangeWithWhoAndWhen() throws {
        try threeRevisions()
        let r = try cli.run(["audit", "deploy/web", "--field", "spec.template.spec.containers[0].image", "-o", "json"])
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let changes = o["changes"] as! [[String: Any]]
        #expect(changes.map { $0["actor"] as! String } == ["alice", "bob", "carol"])
        #expect((changes[2]["change"] as! String).contains("nginx:1.26 -> nginx:1.27"))
        #expect(try cli.run(["audit", "--user", "bob"]).stdout.split(separator: "\n").count == 2)
    }

    @Test func exportThenImportIntoAnEmptyStoreGivesTheSameChainHead() throws {
        try threeRevisions()
        _ = try cli.run(["rollout", "undo", "deploy/web", "--user", "dave", "--record"])
        let export = try cli.run(["export"])
        #expect(export.stdout.split(separator: "\n").count == 4)
        let copy = CLIRunner(store: dir.file("copy"), directory: dir.path)
        let r = try copy.run(["append", "--format", "events", "-f", "-"], stdin: Array(export.stdout.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let a = try cli.run(["stats", "-o", "json"]).stdout
        let b = try copy.run(["stats", "-o", "json"]).stdout
        func head(_ s: String) throws -> String {
            (try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any])["chainHead"] as! String
        }
        #expect(try head(a) == head(b))
        #expect(try head(a).count == 64)
    }

    @Test func replayVerifyCatchesADeliberatelyCorruptedReadModel() throws {
        try threeRevisions()
        #expect(try cli.run(["replay"]).status == 0)
        #expect(try cli.run(["replay", "--verify"]).status == 0)
        do {
            // Overwrite the rollouts read model at its checkpoint with an empty state.
            let ledger = try Ledger(path: dir.file("store"), create: false)
            let cp = try #require(try ledger.checkpoint(RolloutsProjection.name))
            let wrong = RolloutsProjection()
            try ledger.storeSnapshots(RolloutsProjection.name, [(cp.revision, wrong.encoded(), cp.checksum)])
        }
        let r = try cli.run(["replay", "--verify"])
        #expect(r.status == 5)
        #expect(r.stderr.contains("projection rollouts at revision 3"), "\(r.stderr)")
    }

    @Test func replayAtATimeListsTheWholeCluster() throws {
        try threeRevisions()
        let svc = try CLIRunner.kubectl([
            "create", "service", "clusterip", "web", "--tcp=80:8080", "--dry-run=client", "-o", "json",
        ])
        _ = try cli.run(["append", "-f", write("svc.json", svc), "--at", "2026-11-26T12:00:00Z"])
        let list =
            try JSONSerialization.jsonObject(
                with: Data(try cli.run(["replay", "--at", "2026-11-26T11:30:00Z", "-o", "json"]).stdout.utf8))
            as! [String: Any]
        #expect((list["items"] as! [Any]).count == 1)
        #expect(try cli.run(["replay", "--to", "4"]).stdout.contains("Service"))
        #expect(
            try cli.run(["replay", "--from", "2", "--to", "3", "-o", "jsonl"]).stdout.split(separator: "\n").count == 2)
    }
}
