import Foundation
import KubeLedger
import KubeLedgerGenerator
import Ledger
import LedgerTestSupport
import Testing

/// Imports of generated histories bigger than one append batch (10,000 events), through the real
/// binary: the two-pass, mapped-file import stores what the old in-memory path stored.
@Suite struct LargeImportEndToEndTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }

    /// Mutations in the big log: more than one batch, so the append runs over several transactions.
    static let events = 12_000

    /// Writes a generated audit log (with reads, which import skips) and returns its path.
    func writeAuditLog(_ name: String, events: Int, extra: String = "") throws -> String {
        var options = GeneratorOptions(events: events, seed: 5)
        options.includeReads = true
        let path = dir.file(name)
        FileManager.default.createFile(atPath: path, contents: nil)
        let out = try #require(FileHandle(forWritingAtPath: path))
        var chunk: [UInt8] = []
        for event in HistoryGenerator(options) {
            event.appendAuditLine(to: &chunk)
            chunk.append(0x0A)
            if chunk.count > 1 << 20 {
                out.write(Data(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        out.write(Data(chunk + Array(extra.utf8)))
        try out.close()
        return path
    }

    func json(_ s: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]
    }

    /// `export` without the record times (wall-clock times of the append, different in every
    /// store) and the record hashes that cover them.
    func exportWithoutRecordTimes(_ runner: CLIRunner) throws -> [Substring] {
        let out = try runner.run(["export"])
        #expect(out.status == 0, "\(out.stderr)")
        let recordedAt = /"recordedAt":"[^"]*",?/
        let hash = /,?"hash":"[0-9a-f]{64}"/
        return out.stdout.replacing(recordedAt, with: "").replacing(hash, with: "").split(separator: "\n")
    }

    /// What the import did before it streamed: every item of the whole file in one array, then
    /// the events appended in batches of 10,000 (audit events join a watch-recorded version).
    func importInMemory(_ path: String, into store: String) throws -> (tally: IngestTally, appended: Int) {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let items = AuditLogAdapter(source: path).items(in: bytes)
        let tally = IngestTally(items)
        let ledger = try Ledger(path: store, create: true)
        var appended = 0
        var batch: [NewEvent] = []
        for case .event(var e, _) in items {
            e.joinsSameObjectVersion = true
            batch.append(e)
            if batch.count == 10_000 {
                appended += try ledger.append(batch).appended
                batch.removeAll()
            }
        }
        appended += try ledger.append(batch).appended
        return (tally, appended)
    }

    @Test func aLargeAuditLogImportsAsTheInMemoryPathDidAndReimportsToNothing() throws {
        let path = try writeAuditLog("big.log", events: Self.events)
        let result = try cli.run(["import", "audit", path, "-o", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result.stdout)

        let old = CLIRunner(store: dir.file("old"), directory: dir.path)
        let (tally, appended) = try importInMemory(path, into: old.store)
        #expect(tally.events == Self.events && tally.rejectedCount == 0)
        #expect(summary["appended"] as? Int == appended)
        #expect(summary["appended"] as? Int == Self.events)
        #expect(summary["rejected"] as? Int == 0)
        #expect(summary["lastRevision"] as? Int == appended)
        let reasons = try #require(summary["skippedByReason"] as? [String: Int])
        #expect(reasons == Dictionary(uniqueKeysWithValues: tally.skipped.map { ($0.key.description, $0.value) }))
        #expect(reasons["read verb"] ?? 0 > 0, "the log has reads to skip")

        let streamed = try exportWithoutRecordTimes(cli)
        #expect(streamed.count == Self.events)
        #expect(streamed == (try exportWithoutRecordTimes(old)), "same events, bodies, order and revisions")
        #expect(try cli.run(["verify"]).status == 0)

        let again = try json(try cli.run(["import", "audit", path, "-o", "json"]).stdout)
        #expect(again["appended"] as? Int == 0)
        #expect((again["skippedByReason"] as? [String: Int])?["duplicate"] == Self.events)
    }

    @Test func aMalformedLastLineOfALargeLogStoresNothing() throws {
        let path = try writeAuditLog("bad.log", events: Self.events, extra: "{\"kind\":\"Event\",\n")
        let total = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
        let r = try cli.run(["import", "audit", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.log:\(total): invalid JSON"), "\(r.stderr)")
        #expect(r.stderr.contains("1 invalid record(s)") && r.stderr.contains("nothing was stored"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("store")), "the store is not even created")
    }

    @Test func aFileOfGarbageReportsTheFirstRejectsAndCountsTheRest() throws {
        let path = dir.file("garbage.log")
        try Data(String(repeating: "[1]\n", count: 5_000).utf8).write(to: URL(fileURLWithPath: path))
        let r = try cli.run(["import", "audit", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("garbage.log:20: expected an audit event object"), "\(r.stderr)")
        #expect(!r.stderr.contains("garbage.log:21:"))
        #expect(r.stderr.contains("… and 4980 more rejected lines"))
        #expect(r.stderr.contains("5000 invalid record(s)"))
    }

    @Test func stdinFromAPipeAndFromAFileImportLikeTheFile() throws {
        let path = try writeAuditLog("small.log", events: 2_000)
        let fromFile = try json(try cli.run(["import", "audit", path, "-o", "json"]).stdout)

        let piped = CLIRunner(store: dir.file("piped"), directory: dir.path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let fromPipe = try json(try piped.run(["import", "audit", "-", "-o", "json"], stdin: bytes).stdout)
        #expect(fromPipe["appended"] as? Int == fromFile["appended"] as? Int)
        #expect(fromPipe["skippedByReason"] as? [String: Int] == fromFile["skippedByReason"] as? [String: Int])

        // `< small.log`: stdin is a regular file, which is mapped.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        p.arguments = ["import", "audit", "-", "-o", "json", "--store", dir.file("redirected")]
        p.standardInput = try #require(FileHandle(forReadingAtPath: path))
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let redirected = try json(String(decoding: data, as: UTF8.self))
        #expect(redirected["appended"] as? Int == fromFile["appended"] as? Int)
        #expect(redirected["skippedByReason"] as? [String: Int] == fromFile["skippedByReason"] as? [String: Int])
    }

    @Test func anEmptyFileImportsNothingAndADirectoryIsRefused() throws {
        let empty = dir.file("empty.log")
        FileManager.default.createFile(atPath: empty, contents: Data())
        let r = try cli.run(["import", "audit", empty, "-o", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try json(r.stdout)["appended"] as? Int == 0)
        let d = try cli.run(["import", "watch", dir.path])
        #expect(d.status == 1)
        #expect(d.stderr.contains("is a directory; pass a file"), "\(d.stderr)")
        let missing = try cli.run(["import", "list", dir.file("nope.json")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read") && missing.stderr.contains("No such file"), "\(missing.stderr)")
    }

    @Test func aPlainObjectWatchStreamIsCreateThenUpdateInBothPasses() throws {
        // Plain objects: the adapter decides create or update from the uids it has seen, so the
        // append pass must start from the same state as the validation pass.
        let pod =
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","namespace":"default","uid":"uid-p1","#
            + #""resourceVersion":"RV","creationTimestamp":"2026-11-26T10:00:00Z"},"#
            + #""spec":{"containers":[{"name":"c","image":"nginx:IMG"}]}}"#
        let stream =
            pod.replacing("RV", with: "1").replacing("IMG", with: "1") + "\n"
            + pod.replacing("RV", with: "2").replacing("IMG", with: "2") + "\n"
        let path = dir.file("plain.jsonl")
        try Data(stream.utf8).write(to: URL(fileURLWithPath: path))
        let r = try cli.run(["import", "watch", path, "-o", "json"])
        #expect(try json(r.stdout)["appended"] as? Int == 2, "\(r.stderr)")
        let verbs = try cli.run(["log", "-o", "jsonl"]).stdout.split(separator: "\n").map {
            try json(String($0))["verb"] as? String
        }
        #expect(verbs == ["create", "update"])
    }
}
