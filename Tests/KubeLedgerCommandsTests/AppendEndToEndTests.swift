import Foundation
import LedgerTestSupport
import Testing

/// End-to-end: the built `kubeledger` binary on real stores, with objects made by kubectl.
@Suite(.enabled(if: CLIRunner.hasKubectl, "kubectl is needed to make real objects"))
struct AppendEndToEndTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }

    func write(_ name: String, _ text: String) -> String {
        FileManager.default.createFile(atPath: dir.file(name), contents: Data(text.utf8))
        return dir.file(name)
    }

    func deploymentHistory() throws -> (String, String) {
        let v1 = try CLIRunner.kubectl([
            "create", "deployment", "web", "--image=nginx:1.25", "--replicas=3", "--dry-run=client", "-o", "json",
        ])
        let v2 = try CLIRunner.kubectl(
            ["set", "image", "--local", "-f", "-", "nginx=nginx:1.26", "-o", "json"], stdin: v1)
        return (write("web-v1.json", v1), write("web-v2.json", v2))
    }

    @Test func appendThenLogShowsTheRolloutWithWhoAndWhat() throws {
        let (v1, v2) = try deploymentHistory()
        let a = try cli.run(["append", "-f", v1, "--user", "alice", "-o", "json"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(
            a.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"appended":1,"skipped":0,"rejected":0,"firstRevision":1,"lastRevision":1}"#)
        let b = try cli.run(["append", "-f", v2, "--user", "bob", "--cause", "bump nginx"])
        #expect(b.status == 0)
        #expect(b.stdout.contains("appended 1 (revision 2)"))
        let log = try cli.run(["log"])
        let lines = log.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("REVISION"))
        #expect(lines[1].contains("create") && lines[1].contains("Deployment") && lines[1].contains("alice"))
        #expect(lines[2].contains("update") && lines[2].contains("bob"))
        let show = try cli.run(["show", "2", "-o", "json"])
        let event = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as! [String: Any]
        let object = event["object"] as! [String: Any]
        let spec = ((object["spec"] as! [String: Any])["template"] as! [String: Any])["spec"] as! [String: Any]
        #expect((spec["containers"] as! [[String: Any]])[0]["image"] as? String == "nginx:1.26")
        #expect((event["annotations"] as! [String: String])["kubernetes.io/change-cause"] == "bump nginx")
        #expect(try cli.run(["verify"]).status == 0)
    }

    @Test func aMultiDocumentYAMLIsOneAtomicBatch() throws {
        let deploy = try CLIRunner.kubectl([
            "create", "deployment", "api", "--image=busybox", "--dry-run=client", "-o", "yaml",
        ])
        let svc = try CLIRunner.kubectl([
            "create", "service", "clusterip", "api", "--tcp=80:8080", "--dry-run=client", "-o", "yaml",
        ])
        let cm = try CLIRunner.kubectl([
            "create", "configmap", "cfg", "--from-literal=a=b", "--dry-run=client", "-o", "yaml",
        ])
        let file = write("all.yaml", deploy + "---\n" + svc + "---\n" + cm)
        let r = try cli.run(["append", "-f", file, "-o", "json"])
        #expect(r.stdout.contains(#""appended":3"#), "\(r.stderr)")
        let kinds = try cli.run(["log", "-o", "jsonl"]).stdout.split(separator: "\n").map { line -> String in
            let e = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return (e["objectRef"] as! [String: Any])["kind"] as! String
        }
        #expect(kinds == ["Deployment", "Service", "ConfigMap"])
    }

    @Test func appendingTheSameIDTwiceStoresNothingTheSecondTime() throws {
        let (v1, _) = try deploymentHistory()
        _ = try cli.run(["append", "-f", v1, "--id", "change-42"])
        let again = try cli.run(["append", "-f", v1, "--id", "change-42", "-o", "json"])
        #expect(again.stdout.contains(#""appended":0,"skipped":1"#))
    }

    @Test func aFailedExpectedVersionExitsWithFourAndStoresNothing() throws {
        let (v1, v2) = try deploymentHistory()
        _ = try cli.run(["append", "-f", v1])
        let before = cli.storeSnapshot()
        let r = try cli.run(["append", "-f", v2, "--expect-version", "7"])
        #expect(r.status == 4)
        #expect(r.stderr.contains("conflict") && r.stderr.contains("version 1"))
        #expect(cli.storeSnapshot() == before)
        #expect(try cli.run(["append", "-f", v2, "--expect-version", "1"]).status == 0)
        #expect(try cli.run(["append", "-f", v1, "--expect-absent"]).status == 4)
    }

    @Test func showOfAMissingRevisionExitsWithThree() throws {
        let (v1, _) = try deploymentHistory()
        _ = try cli.run(["append", "-f", v1])
        let r = try cli.run(["show", "99"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("no event at revision 99"))
    }

    @Test func logFiltersAndRangesWork() throws {
        let (v1, v2) = try deploymentHistory()
        _ = try cli.run(["append", "-f", v1, "--user", "alice", "--at", "2026-01-01T10:00:00Z"])
        _ = try cli.run(["append", "-f", v2, "--user", "bob", "--at", "2026-01-01T11:00:00Z"])
        #expect(try cli.run(["log", "--user", "bob", "-o", "jsonl"]).stdout.split(separator: "\n").count == 1)
        #expect(
            try cli.run(["log", "--kind", "deploy", "--name", "web", "-o", "jsonl"]).stdout.split(separator: "\n").count
                == 2)
        #expect(try cli.run(["log", "--kind", "po", "-o", "jsonl"]).stdout.isEmpty)
        #expect(
            try cli.run(["log", "--from", "2026-01-01T10:30:00Z", "-o", "jsonl"]).stdout.contains(#""revision":2"#))
        #expect(
            try cli.run(["log", "--to", "2026-01-01T10:30:00Z", "-o", "jsonl"]).stdout.split(separator: "\n").count == 1
        )
        #expect(
            try cli.run(["log", "--from", "2", "--to", "2", "-o", "jsonl"]).stdout.split(separator: "\n").count == 1)
        #expect(try cli.run(["log", "--verb", "create", "-o", "jsonl"]).stdout.split(separator: "\n").count == 1)
    }

    @Test func theStoreComesFromTheEnvironmentWhenNoFlagIsGiven() throws {
        let (v1, _) = try deploymentHistory()
        let runner = CLIRunner(store: "", directory: dir.path)
        let r = try runner.run(["append", "-f", v1], environment: ["KUBELEDGER_STORE": dir.file("env-store")])
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.file("env-store/data.mdb")))
        let x = try runner.run(
            ["append", "-f", v1], environment: ["KUBELEDGER_STORE": "", "XDG_DATA_HOME": dir.file("xdg")])
        #expect(x.status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.file("xdg/kubeledger/data.mdb")))
    }

    @Test func itWorksAsAKubectlPlugin() throws {
        let (v1, _) = try deploymentHistory()
        _ = try cli.run(["append", "-f", v1, "--user", "alice"])
        let bin = dir.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: bin + "/kubectl-ledger", withDestinationPath: CLIRunner.binary)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["kubectl", "ledger", "log", "--store", dir.file("store")]
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin")
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(text.contains("alice"))
    }

    @Test func aListOfThousandsOfObjectsIsOneBatch() throws {
        var items: [String] = []
        for i in 0..<3_000 {
            items.append(
                #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p\#(i)","namespace":"ns\#(i % 7)","#
                    + #""uid":"u\#(i)"},"spec":{"containers":[{"name":"c","image":"nginx:1.25"}]}}"#
            )
        }
        let file = write(
            "list.json", #"{"apiVersion":"v1","items":["# + items.joined(separator: ",") + #"],"kind":"List"}"#)
        let r = try cli.run(["append", "-f", file, "-o", "json"])
        #expect(r.stdout.contains(#""appended":3000"#), "\(r.stderr)")
        #expect(r.stdout.contains(#""lastRevision":3000"#))
        #expect(try cli.run(["verify"]).status == 0)
    }
}
