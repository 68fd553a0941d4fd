import Foundation
import LedgerTestSupport
import Testing

/// End-to-end imports on real corpus files and on audit + watch joins.
@Suite struct ImportEndToEndTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }

    static let corpus: String? = {
        var d = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while d.path != "/" {
            let c = d.appendingPathComponent("../shared/corpus").standardizedFileURL.path
            if FileManager.default.fileExists(atPath: c + "/PROVENANCE.md") { return c }
            d = d.deletingLastPathComponent()
        }
        return nil
    }()

    func write(_ name: String, _ text: String) -> String {
        FileManager.default.createFile(atPath: dir.file(name), contents: Data(text.utf8))
        return dir.file(name)
    }

    func json(_ s: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]
    }

    @Test(.enabled(if: corpus != nil, "shared/corpus is absent"))
    func falcoTracesImportWithTheMalformedLineNamed() throws {
        let folder = Self.corpus! + "/falcosecurity__falco/test/trace_files/k8s_audit"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
            .sorted()
        var all = ""
        var badLine = 0
        for n in names {
            let text = try String(contentsOfFile: folder + "/" + n, encoding: .utf8)
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                all += line + "\n"
                if n == "fal_01_003.json" { badLine = all.split(separator: "\n").count }
            }
        }
        let file = write("falco.log", all)
        let strict = try cli.run(["import", "audit", file])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("falco.log:\(badLine): kind"), "\(strict.stderr)")
        let storedNothing =
            try !FileManager.default.fileExists(atPath: dir.file("store/data.mdb"))
            || cli.run(["stats", "-o", "json"]).stdout.contains(#""events":0"#)
        #expect(storedNothing)
        let lenient = try json(try cli.run(["import", "audit", file, "--skip-invalid", "-o", "json"]).stdout)
        #expect((lenient["appended"] as! Int) > 40)
        #expect(lenient["rejected"] as! Int == 1)
        let again = try json(try cli.run(["import", "audit", file, "--skip-invalid", "-o", "json"]).stdout)
        #expect(again["appended"] as! Int == 0, "re-importing adds nothing")
        #expect(try cli.run(["verify"]).status == 0)
    }

    @Test(.enabled(if: corpus != nil, "shared/corpus is absent")) func audit2rbacDemoLogSkipsReadVerbs() throws {
        let r = try json(
            try cli.run(["import", "audit", Self.corpus! + "/liggitt__audit2rbac/testdata/demo.log", "-o", "json"])
                .stdout)
        #expect(r["appended"] as! Int == 0)
        let reasons = r["skippedByReason"] as! [String: Int]
        #expect((reasons["read verb"] ?? 0) > 0)
    }

    @Test(.enabled(if: corpus != nil, "shared/corpus is absent"))
    func azkabanWatchStreamGivesPodTimelinesAndReimportsToNothing() throws {
        let path = try #require(
            FileManager.default.enumerator(atPath: Self.corpus! + "/azkaban__azkaban")?.compactMap { $0 as? String }
                .first { $0.hasSuffix("sample-events1.json") })
        let file = Self.corpus! + "/azkaban__azkaban/" + path
        let first = try json(try cli.run(["import", "watch", file, "-o", "json"]).stdout)
        #expect((first["appended"] as! Int) > 0)
        let second = try json(try cli.run(["import", "watch", file, "-o", "json"]).stdout)
        #expect(second["appended"] as! Int == 0)
        #expect(try cli.run(["get", "pods", "-A"]).stdout.contains("flow-pod-cluster1-280"))
    }

    static let pod =
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","namespace":"default","uid":"uid-p1","#
        + #""resourceVersion":"42"},"spec":{"containers":[{"name":"c","image":"nginx"}]},"#
        + #""status":{"phase":"Pending"}}"#
    static let watchLine = #"{"type":"ADDED","object":"# + pod + "}\n"
    static let auditLine: String =
        #"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"a-1","#
        + #""stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/pods","verb":"create","#
        + #""user":{"username":"alice@example.com","groups":["devs"]},"sourceIPs":["10.0.0.9"],"#
        + #""userAgent":"kubectl/v1.32.0","objectRef":{"resource":"pods","namespace":"default","name":"p1","#
        + #""apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"#
        + #""requestObject":"# + pod + #","responseObject":"# + pod + #","#
        + #""requestReceivedTimestamp":"2026-11-26T10:00:00.000000Z","#
        + #""stageTimestamp":"2026-11-26T10:00:00.100000Z"}"# + "\n"

    @Test func watchThenAuditOfOneMutationIsOneEventWithTheAuditActor() throws {
        _ = try cli.run(["import", "watch", write("w.jsonl", Self.watchLine)])
        let a = try json(try cli.run(["import", "audit", write("a.log", Self.auditLine), "-o", "json"]).stdout)
        #expect(a["appended"] as! Int == 0)
        #expect((a["skippedByReason"] as! [String: Int])["joined"] == 1)
        let log = try cli.run(["log", "-o", "jsonl"]).stdout.split(separator: "\n")
        #expect(log.count == 1)
        #expect(log[0].contains(#""actor":"alice@example.com""#) && log[0].contains(#""source":"watch""#))
        #expect(
            try cli.run(["log", "--user", "alice@example.com", "-o", "jsonl"]).stdout.split(separator: "\n").count == 1)
        #expect(
            try json(try cli.run(["import", "audit", dir.file("a.log"), "-o", "json"]).stdout)["appended"] as! Int == 0)
        #expect(try cli.run(["verify"]).status == 0)
    }

    @Test func auditThenWatchOfOneMutationIsOneEvent() throws {
        _ = try cli.run(["import", "audit", write("a.log", Self.auditLine)])
        let w = try json(try cli.run(["import", "watch", write("w.jsonl", Self.watchLine), "-o", "json"]).stdout)
        #expect(w["appended"] as! Int == 0)
        let log = try cli.run(["log", "-o", "jsonl"]).stdout.split(separator: "\n")
        #expect(log.count == 1)
        #expect(log[0].contains(#""actor":"alice@example.com""#))
        #expect(try cli.run(["verify"]).status == 0)
    }

    @Test func listImportRecordsOnlyWhatChanged() throws {
        let list = #"{"apiVersion":"v1","kind":"List","items":["# + Self.pod + "]}"
        let first = try json(try cli.run(["import", "list", write("l1.json", list), "-o", "json"]).stdout)
        #expect(first["appended"] as! Int == 1)
        let same = try json(try cli.run(["import", "list", dir.file("l1.json"), "-o", "json"]).stdout)
        #expect(same["appended"] as! Int == 0)
        let changed = list.replacingOccurrences(of: #""resourceVersion":"42""#, with: #""resourceVersion":"43""#)
            .replacingOccurrences(of: "Pending", with: "Running")
        let next = try json(try cli.run(["import", "list", write("l2.json", changed), "-o", "json"]).stdout)
        #expect(next["appended"] as! Int == 1)
        #expect(try cli.run(["log", "--verb", "update", "-o", "jsonl"]).stdout.split(separator: "\n").count == 1)
    }
}
