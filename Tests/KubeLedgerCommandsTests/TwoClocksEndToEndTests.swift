import Foundation
import LedgerTestSupport
import Testing

/// Time travel by occurrence time end to end (issue 14): backfilled `append --at` and an audit
/// log older than a recorded watch stream, through the real binary.
@Suite struct TwoClocksEndToEndTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }

    func write(_ name: String, _ text: String) -> String {
        FileManager.default.createFile(atPath: dir.file(name), contents: Data(text.utf8))
        return dir.file(name)
    }

    func names(_ args: [String]) throws -> [String] {
        let r = try cli.run(["get", "deploy", "-A", "-o", "json"] + args)
        #expect(r.status == 0, "\(r.stderr)")
        let list = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        return (list["items"] as! [[String: Any]]).map { ($0["metadata"] as! [String: Any])["name"] as! String }
    }

    @Test(.enabled(if: CLIRunner.hasKubectl, "kubectl is not installed"))
    func `the issue's example: a deployment backfilled after a newer one is in the cluster only from when it happened`()
        throws
    {
        let web = try CLIRunner.kubectl([
            "create", "deployment", "web", "--image=nginx:1.25", "--dry-run=client", "-o", "json",
        ])
        let api = try CLIRunner.kubectl(["create", "deployment", "api", "--image=api:1", "--dry-run=client", "-o", "json"])
        #expect(try cli.run(["append", "-f", write("web.json", web), "--at", "2026-12-02T10:00:00Z"]).status == 0)
        #expect(try cli.run(["append", "-f", write("api.json", api), "--at", "2026-11-20T10:00:00Z"]).status == 0)
        #expect(try names(["--at", "2026-11-19T00:00:00Z"]) == [])
        #expect(try names(["--at", "2026-11-21T00:00:00Z"]) == ["api"])
        #expect(try names(["--at", "2026-12-03T00:00:00Z"]) == ["api", "web"])
        #expect(try names(["--revision", "1"]) == ["web"])
        #expect(try names([]) == ["api", "web"])
        // log by time: the events that occurred in the window, in occurrence order.
        let log = try cli.run(["log", "--from", "2026-11-01T00:00:00Z", "-o", "jsonl"]).stdout
        #expect(log.split(separator: "\n").map { $0.contains(#""name":"api""#) } == [true, false])
        #expect(try cli.run(["verify"]).status == 0)
        #expect(try cli.run(["replay", "--verify"]).status == 0)
    }

    static func deployment(image: String, resourceVersion: Int) -> String {
        #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","#
            + #""uid":"d-1","resourceVersion":"\#(resourceVersion)","generation":1},"#
            + #""spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":"#
            + #"{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"\#(image)"}]}}}}"#
    }

    static func auditLine(id: String, verb: String, image: String, resourceVersion: Int, at time: String) -> String {
        let d = deployment(image: image, resourceVersion: resourceVersion)
        return #"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"\#(id)","#
            + #""stage":"ResponseComplete","requestURI":"/apis/apps/v1/namespaces/default/deployments","#
            + #""verb":"\#(verb)","user":{"username":"alice@example.com"},"sourceIPs":["10.0.0.9"],"#
            + #""objectRef":{"resource":"deployments","namespace":"default","name":"web","apiGroup":"apps","#
            + #""apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},"requestObject":\#(d),"#
            + #""responseObject":\#(d),"requestReceivedTimestamp":"\#(time)","stageTimestamp":"\#(time)"}"#
    }

    @Test func `an audit log older than the recorded watch stream: time travel, rollout numbering and blame`() throws {
        // Recorded live from today: images 3 and 4 arrive through a watch stream.
        let watch = [
            #"{"type":"ADDED","object":"# + Self.deployment(image: "web:3", resourceVersion: 30) + "}",
            #"{"type":"MODIFIED","object":"# + Self.deployment(image: "web:4", resourceVersion: 40) + "}",
        ]
        #expect(
            try cli.run(["import", "watch", write("w.jsonl", watch[0] + "\n"), "--at", "2026-12-01T10:00:00Z"]).status
                == 0)
        #expect(
            try cli.run(["import", "watch", write("w2.jsonl", watch[1] + "\n"), "--at", "2026-12-02T10:00:00Z"]).status
                == 0)
        // Then last week's audit log: images 1 and 2.
        let audit = [
            Self.auditLine(id: "a1", verb: "create", image: "web:1", resourceVersion: 10, at: "2026-11-20T10:00:00Z"),
            Self.auditLine(id: "a2", verb: "update", image: "web:2", resourceVersion: 20, at: "2026-11-21T10:00:00Z"),
        ]
        let imported = try cli.run(["import", "audit", write("a.log", audit.joined(separator: "\n") + "\n")])
        #expect(imported.status == 0, "\(imported.stderr)")

        func imageJSON(_ args: [String]) throws -> String? {
            let out = try cli.run(["get", "deploy/web", "-o", "json"] + args).stdout
            guard let o = try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] else { return nil }
            let spec = (o["spec"] as? [String: Any])?["template"] as? [String: Any]
            let containers = (spec?["spec"] as? [String: Any])?["containers"] as? [[String: Any]]
            return containers?.first?["image"] as? String
        }
        #expect(try imageJSON(["--at", "2026-11-19T00:00:00Z"]) == nil)
        #expect(try imageJSON(["--at", "2026-11-20T12:00:00Z"]) == "web:1")
        #expect(try imageJSON(["--at", "2026-11-25T00:00:00Z"]) == "web:2")
        #expect(try imageJSON(["--at", "2026-12-01T12:00:00Z"]) == "web:3")
        #expect(try imageJSON([]) == "web:4")

        // Rollout history numbered by occurrence: images 1, 2, 3, 4.
        let h = try cli.run(["rollout", "history", "deploy/web", "-o", "json"])
        let revisions =
            (try JSONSerialization.jsonObject(with: Data(h.stdout.utf8)) as! [String: Any])["revisions"]
            as! [[String: Any]]
        #expect(revisions.map { $0["revision"] as! Int } == [1, 2, 3, 4])
        #expect(revisions.map { ($0["images"] as! [String]).first! } == ["web:1", "web:2", "web:3", "web:4"])
        // Blame in occurrence order.
        let blame = try cli.run(["audit", "deploy/web", "--field", "spec.template.spec.containers[0].image"]).stdout
        let order = ["web:1", "web:2", "web:3", "web:4"].compactMap { blame.range(of: $0)?.lowerBound }
        #expect(order.count == 4 && order == order.sorted(), "\(blame)")
        // diff between two times.
        let diff = try cli.run([
            "diff", "deploy/web", "--from", "2026-11-25T00:00:00Z", "--to", "2026-12-01T12:00:00Z",
        ]).stdout
        #expect(diff.split(separator: "\n").contains { $0.hasPrefix("-") && $0.contains("web:2") }, "\(diff)")
        #expect(diff.split(separator: "\n").contains { $0.hasPrefix("+") && $0.contains("web:3") }, "\(diff)")
        #expect(try cli.run(["verify"]).status == 0)
        let verify = try cli.run(["replay", "--verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func `replay --verify stays exact when an audit record amends an actor after the snapshots were taken`() throws {
        let watch = [10, 20, 30].map { rv in
            #"{"type":"MODIFIED","object":"# + Self.deployment(image: "web:\(rv)", resourceVersion: rv) + "}"
        }
        #expect(try cli.run(["import", "watch", write("w.jsonl", watch.joined(separator: "\n") + "\n")]).status == 0)
        #expect(try cli.run(["replay", "--snapshot-interval", "1"]).status == 0)
        #expect(try cli.run(["replay", "--verify", "--snapshot-interval", "1"]).status == 0)
        // The audit record of the first change arrives later: revision 1 gets its actor.
        let audit = Self.auditLine(
            id: "a1", verb: "update", image: "web:10", resourceVersion: 10, at: "2026-11-20T10:00:00Z")
        #expect(try cli.run(["import", "audit", write("a.log", audit + "\n")]).status == 0)
        #expect(try cli.run(["log", "--user", "alice@example.com", "-o", "jsonl"]).stdout.contains(#""revision":1"#))
        let verify = try cli.run(["replay", "--verify", "--snapshot-interval", "1"])
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
