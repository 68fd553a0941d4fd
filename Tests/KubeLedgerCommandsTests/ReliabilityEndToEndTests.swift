import Foundation
import LedgerLMDB
import LedgerTestSupport
import Synchronization
import Testing

@testable import Ledger

/// The fast variants of tools/crash/crash-test.sh: the built binary killed, raced and copied.
@Suite struct ReliabilityEndToEndTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }

    /// A List of `count` ConfigMaps with `payload`-byte values.
    func list(_ name: String, count: Int, payload: Int = 400) -> String {
        let items = (0..<count).map { i in
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)-\#(i)","namespace":"crash","#
                + #""uid":"\#(name)-uid-\#(i)"},"data":{"p":"\#(String(repeating: "x", count: payload))"}}"#
        }
        let path = dir.file("\(name).json")
        FileManager.default.createFile(
            atPath: path,
            contents: Data((#"{"apiVersion":"v1","kind":"List","items":["# + items.joined(separator: ",") + "]}").utf8))
        return path
    }

    /// Starts the binary with `args` (stdout to a file) and returns the process.
    func start(_ args: [String], stdout: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        p.arguments = args
        _ = FileManager.default.createFile(atPath: stdout, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    func lastRevision(_ store: String? = nil) throws -> UInt64 {
        var runner = cli
        if let store { runner.store = store }
        let out = try runner.run(["stats", "--read-only", "-o", "json"]).stdout
        let o = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        return (o["lastRevision"] as! NSNumber).uint64Value
    }

    func milliseconds(_ body: () throws -> Void) rethrows -> Int {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Int((DispatchTime.now().uptimeNanoseconds - t0) / 1_000_000)
    }

    // MARK: - kill -9

    @Test func tenKillsDuringLargeAppendsLoseNoReportedBatchAndLeaveNoPartOfOne() throws {
        let small = list("small", count: 200)
        let large = list("large", count: 8, payload: 200_000)
        _ = try cli.run(["init"])
        var slowest = 0
        for f in [small, large] {
            slowest = max(
                slowest, try milliseconds { _ = try cli.run(["append", "-f", f, "--id", "warm-\(f.count)"]) })
        }
        var reported: [(id: String, first: UInt64, last: UInt64, count: Int)] = []
        var outcomes: [String: Int] = [:]
        for i in 1...10 {
            let (file, size) = i % 2 == 0 ? (small, 200) : (large, 8)
            let before = try lastRevision()
            let out = dir.file("out-\(i)")
            let p = try start(["append", "--store", cli.store, "-f", file, "--id", "k\(i)", "-o", "json"], stdout: out)
            usleep(UInt32.random(in: 0...UInt32(slowest * 1300)))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            outcomes[p.terminationReason == .uncaughtSignal ? "killed" : "finished", default: 0] += 1
            let verify = try cli.run(["verify"])
            #expect(verify.status == 0, "run \(i): \(verify.stderr)")
            let after = try lastRevision()
            let printed = String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self)
            if let o = try? JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any] {
                let first = (o["firstRevision"] as! NSNumber).uint64Value
                let last = (o["lastRevision"] as! NSNumber).uint64Value
                reported.append(("k\(i)", first, last, size))
                #expect(after >= last)
            } else {
                #expect(
                    after == before || after == before + UInt64(size),
                    "run \(i): a batch of \(size) moved the log from \(before) to \(after)")
            }
        }
        // Every reported batch is there in full.
        for b in reported {
            let lines = try cli.run(["log", "--from", String(b.first), "--to", String(b.last), "-o", "jsonl"]).stdout
                .split(separator: "\n")
            #expect(lines.count == b.count && lines.allSatisfy { $0.contains(#""eventID":"\#(b.id)/"#) })
        }
        print("kill -9: \(outcomes), \(reported.count) batches reported, all present")
    }

    // MARK: - writers and readers

    /// Checks a `log -o jsonl` snapshot: revisions 1…n gap-free, each writer's appends a prefix in order.
    static func checkSnapshot(_ jsonl: String) -> String? {
        var next: [String: Int] = [:]
        for (n, line) in jsonl.split(separator: "\n").enumerated() {
            guard let e = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let r = (e["revision"] as? NSNumber)?.intValue, let id = e["eventID"] as? String
            else { return "unreadable line \(n + 1)" }
            if r != n + 1 { return "revision \(r) at position \(n + 1)" }
            let parts = id.split(separator: "-")
            let w = String(parts[0])
            let i = Int(parts[1])!
            if i != next[w, default: 0] + 1 { return "\(w) append \(i) after \(next[w, default: 0])" }
            next[w] = i
        }
        return nil
    }

    @Test func fourWritersTimesAHundredAppendsWithAReaderGiveExactlyFourHundredGapFreeEvents() throws {
        _ = try cli.run(["init"])
        for w in 1...4 {
            _ = FileManager.default.createFile(
                atPath: dir.file("w\(w).json"),
                contents: Data(
                    #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"w\#(w)","namespace":"load"}}"#.utf8))
        }
        let failures = Mutex(0)
        let running = Mutex(true)
        let readerProblems = Mutex<[String]>([])
        let snapshots = Mutex(0)
        let group = DispatchGroup()
        let runner = cli
        for w in 1...4 {
            DispatchQueue.global().async(group: group) {
                for i in 1...100 {
                    let r = try? runner.run(["append", "-f", self.dir.file("w\(w).json"), "--id", "w\(w)-\(i)"])
                    if r?.status != 0 { failures.withLock { $0 += 1 } }
                }
            }
        }
        let reader = DispatchGroup()
        DispatchQueue.global().async(group: reader) {
            while running.withLock({ $0 }) {
                guard let out = try? runner.run(["log", "--read-only", "-o", "jsonl"]), out.status == 0 else {
                    continue
                }
                if let problem = Self.checkSnapshot(out.stdout) { readerProblems.withLock { $0.append(problem) } }
                snapshots.withLock { $0 += 1 }
            }
        }
        group.wait()
        running.withLock { $0 = false }
        reader.wait()
        #expect(failures.withLock { $0 } == 0)
        #expect(try lastRevision() == 400)
        let final = try cli.run(["log", "-o", "jsonl"]).stdout
        #expect(Self.checkSnapshot(final) == nil)
        #expect(final.split(separator: "\n").count == 400)
        #expect(readerProblems.withLock { $0 }.isEmpty, "\(readerProblems.withLock { $0 })")
        #expect(snapshots.withLock { $0 } > 0)
        #expect(try cli.run(["verify"]).status == 0)
    }

    @Test func aReadOnlyReaderSeesWholeBatchesWhileAnotherProcessWrites() throws {
        let batch = list("ro", count: 50)
        _ = try cli.run(["init"])
        let writer = DispatchGroup()
        let runner = cli
        DispatchQueue.global().async(group: writer) {
            for i in 1...15 { _ = try? runner.run(["append", "-f", batch, "--id", "ro-\(i)"]) }
        }
        var reads = 0
        var bad: [String] = []
        while writer.wait(timeout: .now()) == .timedOut {
            let log = try cli.run(["log", "--read-only", "-o", "jsonl"])
            let n = log.stdout.split(separator: "\n").count
            if log.status != 0 || n % 50 != 0 { bad.append("status \(log.status), \(n) events") }
            let v = try cli.run(["verify", "--read-only"])
            if v.status != 0 { bad.append(v.stderr) }
            reads += 1
        }
        #expect(bad.isEmpty, "\(bad)")
        #expect(reads > 0)
        #expect(try lastRevision() == 750)
        let refused = try cli.run(["append", "--read-only", "-f", batch])
        #expect(refused.status == 1 && refused.stderr.contains("read-only"))
    }

    // MARK: - backup and restore

    @Test func aBackupWhileAWriterRunsHasTheSourcesChainHeadAtItsRevisionAndRestoresToIt() throws {
        let batch = list("bk", count: 100)
        _ = try cli.run(["append", "-f", batch, "--id", "bk-0"])
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [
            "-c",
            "for i in $(seq 1 30); do '\(CLIRunner.binary)' append --store '\(cli.store)' -f '\(batch)' --id bk-$i "
                + ">/dev/null; done",
        ]
        try shell.run()
        var copies = 0
        for (n, compact) in [false, true, false].enumerated() {
            var args = ["backup", dir.file("copy\(n)"), "-o", "json"]
            if compact { args.append("--compact") }
            let b = try cli.run(args)
            #expect(b.status == 0, "\(b.stderr)")
            let o = try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as! [String: Any]
            let rev = (o["lastRevision"] as! NSNumber).uint64Value
            let head = o["chainHead"] as! String
            #expect(rev % 100 == 0, "a copy holds whole batches")
            let show = try cli.run(["show", String(rev), "--read-only", "-o", "json"])
            let event = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as! [String: Any]
            #expect(event["hash"] as? String == head, "the copy's head is the source's hash at revision \(rev)")
            var restored = cli
            restored.store = dir.file("restored\(n)")
            let r = try restored.run(["restore", dir.file("copy\(n)"), "-o", "json"])
            let ro = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            #expect(ro["chainHead"] as? String == head && (ro["lastRevision"] as! NSNumber).uint64Value == rev)
            #expect(try restored.run(["verify"]).status == 0)
            var opened = cli
            opened.store = dir.file("copy\(n)")
            #expect(try lastRevision(opened.store) == rev)
            copies += 1
        }
        shell.waitUntilExit()
        #expect(copies == 3)
        let again = try cli.run(["backup", dir.file("copy0")])
        #expect(again.status == 1 && again.stderr.contains("never overwrites"))
    }

    // MARK: - migrate

    /// A format-1 store of `events` events: a format-2 store with its uids index dropped and
    /// format 1 in meta (the record format did not change between 1 and 2).
    func makeFormat1Store(_ path: String, events: Int) throws {
        do {
            let ledger = try Ledger(path: path, create: true)
            for chunk in stride(from: 0, to: events, by: 5000) {
                try ledger.append(
                    (chunk..<min(events, chunk + 5000)).map { i in
                        var e = TestEvents.pod("p\(i)")
                        e.body = Array(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p\#(i)"}}"#.utf8)
                        return e
                    })
            }
        }
        let env = try Environment(path: path)
        try env.write { txn in
            try txn.drop(try txn.database(named: "uids", create: false))
            let meta = try txn.database(named: "meta", create: false)
            try txn.put(meta, key: Array("format".utf8), value: [0, 0, 0, 1])
            try txn.put(meta, key: Array("migrations".utf8), value: Array("0001-initial-layout".utf8))
        }
    }

    func copyStore(_ from: String, _ to: String) throws {
        _ = TemporaryDirectory.removeTree(to)
        mkdir(to, 0o700)
        try FileManager.default.copyItem(atPath: from + "/data.mdb", toPath: to + "/data.mdb")
    }

    @Test func migrateKilledMidwayLeavesTheOldFormatOrTheNewNeverAMix() throws {
        let original = dir.file("format1")
        try makeFormat1Store(original, events: 40_000)
        let refused = try CLIRunner(store: original, directory: dir.path).run(["log"])
        #expect(refused.status == 1 && refused.stderr.contains("run 'kubeledger migrate'"))
        let trial = dir.file("trial")
        try copyStore(original, trial)
        let runner = CLIRunner(store: trial, directory: dir.path)
        var status: Int32 = -1
        let ms = try milliseconds { status = try runner.run(["migrate"]).status }
        #expect(status == 0)
        var old = 0
        var new = 0
        for _ in 0..<6 {
            try copyStore(original, trial)
            let p = try start(["migrate", "--store", trial], stdout: dir.file("migrate.out"))
            usleep(UInt32.random(in: 0...UInt32(ms * 1100)))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let v = try runner.run(["verify"])
            if v.status == 0 {
                new += 1
            } else {
                #expect(v.stderr.contains("has format 1"), "neither old nor new: \(v.stderr)")
                let env = try Environment(path: trial)
                #expect(throws: LMDBError.self, "no uids database in a format-1 store") {
                    try env.read { txn in try txn.database(named: "uids", create: false) }
                }
                old += 1
                #expect(try runner.run(["migrate"]).status == 0)
                #expect(try runner.run(["verify"]).status == 0)
            }
        }
        print(
            "migrate (\(ms) ms for 40,000 events) killed 6 times: \(old) left at format 1, \(new) at the current format"
        )
        #expect(old + new == 6)
    }

    @Test func verifyRepairRebuildsIndexesAndRefusesADamagedLogWithExitFive() throws {
        _ = try cli.run(["append", "-f", list("rp", count: 20)])
        do {
            let env = try Environment(path: cli.store)
            let time = try env.openDatabase(named: "time")
            try env.write { txn in try txn.empty(time) }
        }
        let broken = try cli.run(["verify"])
        #expect(broken.status == 5 && broken.stderr.contains("time index"))
        let repaired = try cli.run(["verify", "--repair"])
        #expect(repaired.status == 0, "\(repaired.stderr)")
        #expect(repaired.stderr.contains("rebuilt indexes of 20 events"))
        do {
            let env = try Environment(path: cli.store)
            let events = try env.openDatabase(named: "events")
            try env.write { txn in
                var v = try #require(try txn.getBytes(events, key: ByteEncoding.uint64(9)))
                v[v.count - 40] ^= 1
                try txn.put(events, key: ByteEncoding.uint64(9), value: v)
            }
        }
        let refused = try cli.run(["verify", "--repair"])
        #expect(refused.status == 5)
        #expect(
            refused.stderr.contains("the log itself is damaged at revision 9") && refused.stderr.contains("restore"))
    }
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/mdb_load"), "needs lmdb-utils"))
    func theFormat1FixtureIsRefusedThenMigratedAndLogUIDUsesTheNewIndex() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../migrations/fixtures/format-1.mdb_dump.txt").standardizedFileURL.path
        mkdir(cli.store, 0o700)
        let load = Process()
        load.executableURL = URL(fileURLWithPath: "/usr/bin/mdb_load")
        load.arguments = ["-f", fixture, cli.store]
        load.standardError = FileHandle.nullDevice
        try load.run()
        load.waitUntilExit()
        let refused = try cli.run(["log"])
        #expect(refused.status == 1
            && refused.stderr.contains("has format 1; this kubeledger needs 5: run 'kubeledger migrate'"))
        let migrated = try cli.run(["migrate"])
        let steps = "0002-objects-by-uid, 0003-zstd-bodies, 0004-derived-caches, 0005-uid-runs"
        #expect(migrated.status == 0 && migrated.stdout.contains("from format 1 to 5: \(steps)"), "\(migrated.stderr)")
        let pod = try cli.run(["log", "--uid", "7d0c5b1e-1111-4222-8333-444455556666", "-o", "jsonl"])
        #expect(
            pod.stdout.split(separator: "\n").map { $0.contains(#""revision":3"#) || $0.contains(#""revision":6"#) }
                == [true, true])
        #expect(try cli.run(["migrate"]).stdout.contains("nothing to migrate"))
        #expect(try cli.run(["verify"]).status == 0)
    }
}
