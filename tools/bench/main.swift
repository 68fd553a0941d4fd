// kubeledger-bench: KubeLedger against its baselines (raw LMDB C API, SQLite), same bytes, same
// process, one run. See docs/performance.md and docs/decisions/0003-benchmark-harness.md.
import Foundation
import Glibc
import KubeLedger
import Ledger
import LedgerCLMDB
import LedgerLMDB

let usage = """
    usage: kubeledger-bench [all|append|single|cli|sqlite|reads|history|backfill|serve|record|watch]
                            [--events N] [--quick] [--reps N] [--single N] [--cli-objects N] [--batch B,B…]
                            [--dir DIR] [--fixture PATH]

      append   batched Ledger.append (batches of 1, 100, 1000, 10000) vs raw LMDB mdb_put MDB_APPEND
      single   one durable commit per event, Ledger vs raw LMDB
      cli      `kubeledger append -f` of a List file (process start included) vs raw LMDB, one txn
      compression  zstd + dictionary on the workload's bodies: size, compress and decompress time per body
      sqlite   the same appends into SQLite (WAL, synchronous FULL and NORMAL), bytes on disk per event
      profile  only Ledger.append (batches of --batch, no fsync), for valgrind --tool=callgrind
      reads    state at a past revision, history, live pods at a revision, verify: Ledger vs SQLite
      backfill a recorded half then an older half imported, vs the same in order: import rates, get pods -A --at T
      history  a generated cluster history: get pods -A at random revisions, rollout history, diff,
               projection rebuild (issues 3 and 4 targets)
      record   `kubeledger record` from a local `kubeledger serve`: list of 10,000 pods, sustained updates,
               commit lag, recorder memory (not part of `all`; needs the kubeledger binary beside this one)
      watch    200 watches on `kubeledger serve`'s live view while 1,000 pods/s are appended: delivery delay,
               server memory (not part of `all`; needs the kubeledger binary beside this one)

      --events N       events for append/sqlite (default 200000) and for the reads log (default 1000000)
      --quick          small sizes, one repetition each: a smoke test under a minute
      --reps N         repetitions of each measurement, alternating order (default 3); the median is reported
      --single N       events in the single-commit measurements (default 2000)
      --cli-objects N  objects in the `append -f` file (default 20000)
      --batch B,B…     batch sizes of the append scenario (default 1,100,1000,10000)
      --dir DIR        where temporary stores go (default /tmp); they are deleted after each run
      --no-compress    Ledger stores keep object bodies uncompressed (default: zstd + dictionary)
      --keep DIR       history: create the store in DIR (must not exist) and keep it
      --live-pods N    history: scale the Deployments so that about N pods are live at once
      --reads-only     history: skip the fold from revision 1 and the projection rebuild
      --cluster-events N  history: size the cluster as for N events (default --events), e.g. the 1M
                       prefix of the 10M history with --events 1000000 --cluster-events 10000000
    """

struct Options {
    var scenario = "all"
    var events: Int?
    var quick = false
    var reps = 3
    var single = 2000
    var cliObjects = 20_000
    var dir = "/tmp"
    var fixture: String?
    var batches: [Int]?
    var profileRaw = false
    var facts = true
    /// Ledger stores compress object bodies (zstd + dictionary); `--no-compress` turns it off.
    var compress = true
    /// `history`: where to create the store and leave it (the default is a deleted temporary).
    var keep: String?
    /// `history`: about this many live pods (``GeneratorOptions/livePods``).
    var livePods: Int?
    /// `history`: only the queries (no fold from revision 1, no rebuild).
    var readsOnly = false
    /// `history`: the cluster sized as for this many events (``GeneratorOptions/init(events:seed:)``).
    var clusterEvents: Int?

    var appendEvents: Int { events ?? (quick ? 20_000 : 200_000) }
    var readEvents: Int { events ?? (quick ? 50_000 : 1_000_000) }
    var singleEvents: Int { quick ? min(single, 200) : single }
    var cliCount: Int { quick ? min(cliObjects, 2_000) : cliObjects }
    /// A map big enough that neither store grows it during a measurement (both get the same).
    func mapSize(for events: Int) -> Int { max(16 << 30, events * 8192) }

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw BenchError("\(args[i - 1]) needs a value\n\(usage)") }
            return args[i]
        }
        func int() throws -> Int {
            let v = try value()
            guard let n = Int(v.replacingOccurrences(of: "_", with: "")), n > 0 else {
                throw BenchError("\(args[i - 1]) \(v): not a positive number")
            }
            return n
        }
        while i < args.count {
            switch args[i] {
            case "all", "append", "single", "cli", "compression", "sqlite", "reads", "history", "serve", "record",
                "profile", "profile-reads", "backfill", "watch":
                o.scenario = args[i]
            case "--events": o.events = try int()
            case "--quick": o.quick = true
            case "--with-raw": o.profileRaw = true
            case "--no-facts": o.facts = false  // no child processes (they hang under valgrind)
            case "--no-compress": o.compress = false
            case "--keep": o.keep = try value()
            case "--live-pods": o.livePods = try int()
            case "--reads-only": o.readsOnly = true
            case "--cluster-events": o.clusterEvents = try int()
            case "--reps": o.reps = try int()
            case "--single": o.single = try int()
            case "--cli-objects": o.cliObjects = try int()
            case "--dir": o.dir = try value()
            case "--fixture": o.fixture = try value()
            case "--batch":
                let v = try value()
                let sizes = v.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
                guard !sizes.isEmpty else { throw BenchError("--batch \(v): expected sizes such as 100,1000") }
                o.batches = sizes
            case "-h", "--help":
                print(usage)
                exit(0)
            default: throw BenchError("unknown argument '\(args[i])'\n\(usage)")
            }
            i += 1
        }
        if o.quick && o.reps == 3 { o.reps = 1 }
        return o
    }
}

// MARK: - Machine facts

func machineFacts(_ o: Options) {
    func sh(_ cmd: String) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", cmd]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try? p.run()
        p.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }
    print("# kubeledger-bench \(CommandLine.arguments.dropFirst().joined(separator: " "))\n")
    print("- date: \(Timestamp.now().rfc3339(fractionDigits: 0))")
    print("- cpu: \(sh("nproc")) × \(sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"))")
    print(
        """
        - memory: \(sh("grep MemTotal /proc/meminfo | awk '{print $2/1048576 \" GiB\"}'")), load: \
        \(sh("cut -d' ' -f1-3 /proc/loadavg"))
        """
    )
    print("- kernel: \(sh("uname -r")); file system of \(o.dir): \(sh("stat -f -c %T \(o.dir)"))")
    print(
        """
        - LMDB \(Environment.libraryVersion); SQLite \(SQLiteStore.libraryVersion); \
        \(sh("swift --version 2>&1 | head -1"))
        """
    )
    print("- repetitions: \(o.reps) (median; runs alternate order)\(o.quick ? "; --quick sizes" : "")")
}

// MARK: - Helpers

func openLedger(_ path: String, mapSize: Int, noSync: Bool = false, compress: Bool = true) throws -> Ledger {
    var options = Ledger.Options()
    options.create = true
    options.compressBodies = compress
    options.environment.mapSize = mapSize
    options.environment.noSync = noSync
    return try Ledger(path: path, options: options)
}

/// Runs `measure` for each contender `reps` times, rotating the order each repetition, and returns
/// the median seconds of each.
func alternate(_ reps: Int, _ contenders: [() throws -> Double]) throws -> [Double] {
    var times = Array(repeating: [Double](), count: contenders.count)
    for rep in 0..<reps {
        for k in 0..<contenders.count {
            let c = (k + rep) % contenders.count
            times[c].append(try contenders[c]())
        }
    }
    return times.map(median)
}

// MARK: - Scenario: batched and single appends

func appendScenario(_ o: Options, _ w: any Workload, _ report: Report, batchSizes: [Int]) throws {
    report.section(
        "Append: Ledger.append (all indexes, hash chain) vs raw LMDB (mdb_put MDB_APPEND, same bytes), durable commits",
        [
            "batch", "events", "Ledger ev/s", "raw LMDB ev/s", "ratio", "raw LMDB zstd-frame ev/s", "ratio",
            "Ledger MB/s", "raw MB/s",
        ])
    for batch in batchSizes {
        let count = batch == 1 ? o.singleEvents : o.appendEvents
        let events = w.events(0..<count)
        let batches = stride(from: 0, to: count, by: batch).map { Array(events[$0..<min($0 + batch, count)]) }
        let bodies = batches.map { $0.map { $0.body! } }
        // The second physical limit: raw LMDB writing the frames the Ledger stores (compressed
        // before timing), when the Ledger compresses.
        let frames = o.compress ? bodies.map { b in zip(b, BodyCompression.frames(for: b)).map { $1 ?? $0 } } : nil
        let bytes = Double(events.reduce(0) { $0 + $1.body!.count })
        let map = o.mapSize(for: count)
        let (ledgerTime, rawTime, frameTime) = try measureAppends(
            o, batches: batches, bodies: bodies, frames: frames, mapSize: map)
        let lr = Double(count) / ledgerTime
        let rr = Double(count) / rawTime
        let fr = frameTime.map { Double(count) / $0 }
        report.row([
            String(batch), String(count).withThousands, Fmt.rate(lr), Fmt.rate(rr), Fmt.ratio(lr / rr),
            fr.map(Fmt.rate) ?? "-", fr.map { Fmt.ratio(lr / $0) } ?? "-",
            String(format: "%.1f", bytes / ledgerTime / 1e6), String(format: "%.1f", bytes / rawTime / 1e6),
        ])
        if batch == 1 {
            report.target("single durable append ≥ 0.5× raw LMDB single commits", ratio: lr / rr, goal: 0.5)
        } else if batch == 1000 {
            report.target("batched append (1000/txn) ≥ 0.5× raw LMDB", ratio: lr / rr, goal: 0.5)
        }
    }
}

/// Median seconds spent inside the append calls: Ledger, raw LMDB with the object bytes, and raw
/// LMDB with `frames` (when given).
func measureAppends(
    _ o: Options, batches: [[NewEvent]], bodies: [[[UInt8]]], frames: [[[UInt8]]]? = nil, mapSize: Int
) throws -> (Double, Double, Double?) {
    func raw(_ batches: [[[UInt8]]]) throws -> Double {
        let dir = try TempDir(base: o.dir, "raw")
        defer { dir.remove() }
        let raw = try RawLMDB(path: dir.path, mapSize: mapSize)
        var total = 0.0
        for b in batches { total += try time { try raw.append(b) } }
        return total
    }
    var contenders: [() throws -> Double] = [
        {
            let dir = try TempDir(base: o.dir, "ledger")
            defer { dir.remove() }
            let ledger = try openLedger(dir.path, mapSize: mapSize, compress: o.compress)
            var total = 0.0
            for b in batches { total += try time { try ledger.append(b) } }
            return total
        },
        { try raw(bodies) },
    ]
    if let frames { contenders.append { try raw(frames) } }
    let t = try alternate(o.reps, contenders)
    return (t[0], t[1], frames == nil ? nil : t[2])
}

// MARK: - Scenario: kubeledger append -f

/// Indents compact JSON as `kubectl -o json` (Go's MarshalIndent with 4 spaces) does.
func indentJSON(_ compact: [UInt8], level: Int, into out: inout [UInt8]) {
    var depth = level
    var inString = false
    var escaped = false
    func newline() {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 4))
    }
    var i = 0
    while i < compact.count {
        let b = compact[i]
        if inString {
            out.append(b)
            if escaped {
                escaped = false
            } else if b == UInt8(ascii: "\\") {
                escaped = true
            } else if b == UInt8(ascii: "\"") {
                inString = false
            }
            i += 1
            continue
        }
        switch b {
        case UInt8(ascii: "\""):
            inString = true
            out.append(b)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            if i + 1 < compact.count && compact[i + 1] == close {
                out.append(b)
                out.append(close)
                i += 2
                continue
            }
            out.append(b)
            depth += 1
            newline()
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            depth -= 1
            newline()
            out.append(b)
        case UInt8(ascii: ","):
            out.append(b)
            newline()
        case UInt8(ascii: ":"):
            out.append(b)
            out.append(UInt8(ascii: " "))
        default: out.append(b)
        }
        i += 1
    }
}

/// A `kubectl get pods -A -o json` file of `objects`.
func listFile(_ objects: [[UInt8]]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(objects.reduce(0) { $0 + $1.count } * 2)
    out += Array("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        ".utf8)
    for (i, o) in objects.enumerated() {
        if i > 0 { out += Array(",\n        ".utf8) }
        indentJSON(o, level: 2, into: &out)
    }
    out += Array(
        "\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n".utf8)
    return out
}

func kubeledgerBinary() -> String {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: exe).deletingLastPathComponent().path + "/kubeledger"
}

func cliScenario(_ o: Options, _ fixture: [UInt8], _ report: Report) throws {
    let n = o.cliCount
    // All objects distinct, as `kubectl get pods -A` lists them.
    let w = try PodChurnWorkload(fixture: fixture, slots: n, lifetime: 20)
    let bodies = w.events(0..<n).map { $0.body! }
    let file = listFile(bodies)
    let dir = try TempDir(base: o.dir, "cli")
    defer { dir.remove() }
    let path = dir.path + "/pods.json"
    try Data(file).write(to: URL(fileURLWithPath: path))
    let binary = kubeledgerBinary()
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw BenchError("\(binary) not found: build it with `swift build -c release` first")
    }
    var output = ""
    let t = try alternate(
        o.reps,
        [
            {
                let store = dir.path + "/store-\(UInt32.random(in: 0...UInt32.max))"
                defer { try? FileManager.default.removeItem(atPath: store) }
                let p = Process()
                p.executableURL = URL(fileURLWithPath: binary)
                p.arguments = ["append", "-f", path, "--store", store, "-o", "json"]
                let pipe = Pipe()
                p.standardOutput = pipe
                let t0 = now()
                try p.run()
                let out = pipe.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                let elapsed = now() - t0
                output = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard p.terminationStatus == 0 else {
                    throw BenchError("kubeledger append failed (\(p.terminationStatus)): \(output)")
                }
                return elapsed
            },
            {
                let store = try TempDir(base: o.dir, "cli-raw")
                defer { store.remove() }
                let t0 = now()
                let raw = try RawLMDB(path: store.path, mapSize: o.mapSize(for: n))
                try raw.append(bodies)
                return now() - t0
            },
        ])
    let lr = Double(n) / t[0]
    let rr = Double(n) / t[1]
    report.section(
        """
        `kubeledger append -f` of a \(n)-object List (\(Fmt.mib(file.count)), 4-space indented), end to end vs raw \
        LMDB in one txn
        """,
        ["objects", "kubeledger ev/s", "wall", "raw LMDB ev/s", "wall", "ratio"])
    report.row([String(n).withThousands, Fmt.rate(lr), Fmt.ms(t[0]), Fmt.rate(rr), Fmt.ms(t[1]), Fmt.ratio(lr / rr)])
    report.note("\nkubeledger printed: \(output)")
    report.target("`kubeledger append -f` \(n) objects ≥ 0.3× raw LMDB", ratio: lr / rr, goal: 0.3)
}

// MARK: - Scenario: SQLite appends and bytes on disk

func sqliteScenario(_ o: Options, _ w: any Workload, _ report: Report) throws {
    report.section(
        "SQLite baseline: same events, WAL, events table + the same 4 indexes, one transaction per batch",
        [
            "batch", "events", "Ledger ev/s", "SQLite FULL ev/s", "SQLite NORMAL ev/s", "Ledger ÷ FULL",
            "Ledger ÷ NORMAL",
        ])
    var sizes: (ledger: Int, sqlite: Int, events: Int, plain: Int) = (0, 0, 0, 0)
    for batch in o.batches ?? [1, 1000] {
        let count = batch == 1 ? o.singleEvents : o.appendEvents
        let events = w.events(0..<count)
        let batches = stride(from: 0, to: count, by: batch).map { Array(events[$0..<min($0 + batch, count)]) }
        let map = o.mapSize(for: count)
        let t = try alternate(
            o.reps,
            [
                {
                    let dir = try TempDir(base: o.dir, "ledger")
                    defer { dir.remove() }
                    let ledger = try openLedger(dir.path, mapSize: map, compress: o.compress)
                    var total = 0.0
                    for b in batches { total += try time { try ledger.append(b) } }
                    // Sizes from the first batched size measured (1,000 by default), as earlier runs.
                    if batch != 1 && sizes.events == 0 {
                        sizes.ledger = (ledger.environment.info().lastPage + 1) * ledger.environment.info().pageSize
                    }
                    return total
                },
                {
                    try sqliteAppend(o, batches, synchronous: "FULL") {
                        if batch != 1 && sizes.events == 0 { sizes.sqlite = $0 }
                    }
                },
                { try sqliteAppend(o, batches, synchronous: "NORMAL") { _ in } },
            ])
        let r = t.map { Double(count) / $0 }
        report.row([
            String(batch), String(count).withThousands, Fmt.rate(r[0]), Fmt.rate(r[1]), Fmt.rate(r[2]),
            Fmt.ratio(r[0] / r[1]), Fmt.ratio(r[0] / r[2]),
        ])
        if batch == 10_000 {
            report.target(
                "bulk ingest (10,000/txn, the import batch) ≥ 3× SQLite (WAL, synchronous=FULL)", ratio: r[0] / r[1],
                goal: 3)
        }
        if batch != 1 && sizes.plain == 0 {
            if batch == 1000 {
                report.target(
                    "bulk ingest (1000/txn) ≥ 3× SQLite (WAL, synchronous=FULL)", ratio: r[0] / r[1], goal: 3)
            }
            sizes.events = count
            if o.compress {
                // The same store without compression, for its size only (not timed).
                let dir = try TempDir(base: o.dir, "plain")
                defer { dir.remove() }
                let plain = try openLedger(dir.path, mapSize: map, compress: false)
                for b in batches { try plain.append(b) }
                sizes.plain = (plain.environment.info().lastPage + 1) * plain.environment.info().pageSize
            }
        } else if batch == 1000 {
            report.target("bulk ingest (1000/txn) ≥ 3× SQLite (WAL, synchronous=FULL)", ratio: r[0] / r[1], goal: 3)
        }
    }
    let body = Double(w.events(0..<1)[0].body!.count)
    report.section(
        "Bytes on disk per event (\(String(sizes.events).withThousands) events, object JSON ≈ \(Int(body)) B)",
        ["store", "bytes/event", "÷ object JSON"])
    let l = Double(sizes.ledger) / Double(sizes.events)
    let s = Double(sizes.sqlite) / Double(sizes.events)
    report.row([
        "KubeLedger (LMDB pages in use)\(o.compress ? ", bodies zstd-compressed" : "")", Fmt.bytes(l),
        Fmt.ratio(l / body),
    ])
    if sizes.plain > 0 {
        let p = Double(sizes.plain) / Double(sizes.events)
        report.row(["KubeLedger, bodies uncompressed (--no-compress)", Fmt.bytes(p), Fmt.ratio(p / body)])
        report.target("bytes on disk per event, uncompressed ≤ SQLite's", ratio: p / s, goal: 1, atLeast: false)
    }
    report.row(["SQLite (db + wal after TRUNCATE checkpoint)", Fmt.bytes(s), Fmt.ratio(s / body)])
    report.target("bytes on disk per event ≤ SQLite's", ratio: l / s, goal: 1, atLeast: false)
    if o.compress {
        report.target(
            "bytes on disk per event with compression ≤ 0.5× SQLite's", ratio: l / s, goal: 0.5, atLeast: false)
    }
}

func sqliteAppend(_ o: Options, _ batches: [[NewEvent]], synchronous: String, size: (Int) -> Void) throws -> Double {
    let dir = try TempDir(base: o.dir, "sqlite")
    defer { dir.remove() }
    let store = try SQLiteStore(path: dir.path + "/events.db", synchronous: synchronous)
    var total = 0.0
    for b in batches { total += try time { try store.append(b) } }
    size(try store.bytesOnDisk())
    return total
}

// MARK: - Scenario: compression

func compressionScenario(_ o: Options, _ w: any Workload, _ report: Report) throws {
    let bodies = w.events(0..<(o.quick ? 2_000 : 20_000)).map { $0.body! }
    var frames: [[UInt8]?] = []
    let tc = try alternate(o.reps, [{ time { frames = BodyCompression.frames(for: bodies) } }])[0]
    let stored = frames.compactMap { $0 }
    var sink = 0
    let codec = BodyCompression()
    let td = try alternate(o.reps, [{ try time { for f in stored { sink &+= try codec.body(fromFrame: f).count } } }])[
        0]
    let raw = bodies.reduce(0) { $0 + $1.count }
    let packed = zip(bodies, frames).reduce(0) { $0 + ($1.1?.count ?? $1.0.count) }
    report.section(
        "Object compression (zstd level 3 + built-in dictionary 1), \(String(bodies.count).withThousands) bodies",
        ["bytes in", "bytes stored", "ratio", "compressed", "compress µs/body", "decompress µs/body"])
    report.row([
        String(raw).withThousands, String(packed).withThousands, String(format: "%.2f×", Double(raw) / Double(packed)),
        "\(stored.count)/\(bodies.count)",
        String(format: "%.2f", tc / Double(bodies.count) * 1e6),
        String(format: "%.2f", td / Double(max(stored.count, 1)) * 1e6),
    ])
    if sink == 42 { print("") }
}

// MARK: - Scenario: reads

func readsScenario(_ o: Options, _ w: any Workload, _ slots: Int, _ report: Report) throws {
    let n = o.readEvents
    let ldir = try TempDir(base: o.dir, "reads-ledger")
    let sdir = try TempDir(base: o.dir, "reads-sqlite")
    defer {
        ldir.remove()
        sdir.remove()
    }
    let ledger = try openLedger(ldir.path, mapSize: o.mapSize(for: n), compress: o.compress)
    let sqlite = try SQLiteStore(path: sdir.path + "/events.db", synchronous: "FULL")
    // Build both logs from the same events, 10,000 per transaction, alternating store per batch.
    var lt = 0.0
    var st = 0.0
    for start in stride(from: 0, to: n, by: 10_000) {
        let batch = w.events(start..<min(start + 10_000, n))
        lt += try time { try ledger.append(batch) }
        st += try time { try sqlite.append(batch) }
    }
    report.section(
        """
        Reads on a log of \(String(n).withThousands) events (~\(slots) live pods; built at 10,000 events/txn: Ledger \
        \(Fmt.rate(Double(n) / lt)) ev/s, SQLite FULL \(Fmt.rate(Double(n) / st)) ev/s)
        """,
        ["query", "samples", "Ledger p50", "Ledger p99", "SQLite p50", "SQLite p99", "SQLite p50 ÷ Ledger p50"])
    var rng = SplitMix(seed: 42)
    let q = try SQLiteStore.Queries(sqlite)

    // State of one object at a past revision: latest(of:atOrBefore:) + body.
    let samples = o.quick ? 500 : 5_000
    var a: [Double] = []
    var b: [Double] = []
    for k in 0..<samples {
        let i = Int(rng.next() % UInt64(n))
        let key = w.key(of: i)
        let r = UInt64(min(n, i + 1 + Int(rng.next() % UInt64(slots * 5))))
        var lb: [UInt8]? = nil
        var sb: [UInt8]? = nil
        let runL = {
            a.append(
                try time {
                    if let e = try ledger.latest(of: key, atOrBefore: r) {
                        lb = try ledger.withBody(at: e.revision) { $0.map { Array($0) } }
                    }
                })
        }
        let runS = { b.append(time { sb = sqlite.state(q, of: key, atOrBefore: r) }) }
        if k % 2 == 0 {
            try runL()
            runS()
        } else {
            runS()
            try runL()
        }
        if lb != sb { throw BenchError("state of \(key) at \(r) differs between Ledger and SQLite") }
    }
    readRow(report, "state of one pod at a past revision (+ body)", a, b)
    report.target("state at a past revision ≥ 10× SQLite (p50)", ratio: median(b) / median(a), goal: 10)

    // One object's history.
    a = []
    b = []
    for k in 0..<samples {
        let key = w.key(of: Int(rng.next() % UInt64(n)))
        var lc = 0
        var sc = 0
        let runL = { a.append(try time { lc = try ledger.history(of: key).count }) }
        let runS = { b.append(time { sc = sqlite.history(q, of: key).count }) }
        if k % 2 == 0 {
            try runL()
            runS()
        } else {
            runS()
            try runL()
        }
        if lc != sc { throw BenchError("history of \(key) differs: \(lc) vs \(sc)") }
    }
    readRow(report, "history of one pod", a, b)

    // One pod generation by uid (the `uids` index: one entry per run since format 5, then
    // `objects`). Ledger only: the SQLite baseline has no uid index. Each pod name is one
    // generation in this workload, so the answer must be the name's history.
    a = []
    for _ in 0..<samples {
        let i = Int(rng.next() % UInt64(n))
        let uid = w.events(i..<(i + 1))[0].object.uid
        let key = w.key(of: i)
        var revisions: [UInt64] = []
        a.append(try time { revisions = try ledger.revisions(byUID: uid) })
        if revisions != (try ledger.history(of: key).map(\.revision)) {
            throw BenchError("revisions of uid \(uid) differ from the history of \(key)")
        }
    }
    report.row([
        "history of one pod by uid (Ledger only)", String(a.count), Fmt.ms(median(a)), Fmt.ms(percentile(a, 99)),
        "-", "-", "-",
    ])

    // Every live pod at a past revision.
    a = []
    b = []
    let liveSamples = o.quick ? 3 : 10
    var liveCount = 0
    for k in 0..<liveSamples {
        let r = UInt64(n / 2 + Int(rng.next() % UInt64(n / 2)) + 1)
        var lc = 0
        var sc = 0
        let runL = { a.append(try time { lc = try ledger.liveObjects(groupKind: "/Pod", atOrBefore: r).count }) }
        let runS = { b.append(time { sc = sqlite.live(q, groupKind: "/Pod", atOrBefore: r).count }) }
        if k % 2 == 0 {
            try runL()
            runS()
        } else {
            runS()
            try runL()
        }
        if lc != sc { throw BenchError("live pods at \(r) differ: \(lc) vs \(sc)") }
        liveCount = lc
    }
    readRow(report, "all live pods at a past revision (\(liveCount) pods, keys + versions)", a, b)

    // verify.
    var checked: UInt64 = 0
    let vt = try time { checked = try ledger.verify().eventsChecked }
    report.note(
        """
        \nverify: \(String(checked).withThousands) events in \(String(format: "%.2f", vt)) s = \
        \(Fmt.rate(Double(checked) / vt)) events/s (hash chain + every index entry)
        """
    )

    // Bytes on disk.
    let info = ledger.environment.info()
    let lbytes = (info.lastPage + 1) * info.pageSize
    let sbytes = try sqlite.bytesOnDisk()
    report.note(
        """
        bytes on disk per event: Ledger \(Fmt.bytes(Double(lbytes) / Double(n))), SQLite \
        \(Fmt.bytes(Double(sbytes) / Double(n))) (ratio \(Fmt.ratio(Double(lbytes) / Double(sbytes))))
        """
    )
    let stats = try ledger.stats()
    report.note(
        "Ledger pages by database: "
            + stats.bytes.filter { $0.value > 0 }.sorted { $0.value > $1.value }.map {
                "\($0.key) \(Fmt.mib($0.value))"
            }.joined(separator: ", "))
}

func readRow(_ report: Report, _ name: String, _ a: [Double], _ b: [Double]) {
    report.row([
        name, String(a.count), Fmt.ms(median(a)), Fmt.ms(percentile(a, 99)), Fmt.ms(median(b)),
        Fmt.ms(percentile(b, 99)), Fmt.ratio(median(b) / median(a)),
    ])
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Profiling

/// Ledger appends alone, without fsync and without the machine facts (which start processes), so
/// that `valgrind --tool=callgrind` sees the append path only.
func profileAppend(_ o: Options) throws {
    let w = try PodChurnWorkload(fixture: try PodChurnWorkload.loadFixture(path: o.fixture), slots: 10_000)
    let n = o.appendEvents
    let batch = o.batches?.first ?? 1000
    let dir = try TempDir(base: o.dir, "profile")
    defer { dir.remove() }
    let ledger = try openLedger(dir.path, mapSize: o.mapSize(for: n), noSync: true, compress: o.compress)
    let raw = try RawLMDB(path: try TempDir(base: o.dir, "profile-raw").path, mapSize: o.mapSize(for: n), noSync: true)
    defer {
        try? FileManager.default.removeItem(
            atPath: String(
                cString: {
                    var p: UnsafePointer<CChar>?
                    mdb_env_get_path(raw.env, &p)
                    return p!
                }()))
    }
    var total = 0.0
    var rawTotal = 0.0
    var written = 0
    var rawWritten = 0
    for start in stride(from: 0, to: n, by: batch) {
        let b = w.events(start..<min(start + batch, n))
        var w0 = bytesWritten()
        total += try time { try ledger.append(b) }
        written += bytesWritten() - w0
        if o.profileRaw {
            let bodies = b.map { $0.body! }
            w0 = bytesWritten()
            rawTotal += try time { try raw.append(bodies) }
            rawWritten += bytesWritten() - w0
        }
    }
    print(
        """
        Ledger.append: \(n) events in batches of \(batch), no fsync: \(Fmt.rate(Double(n) / total)) events/s \
        (\(String(format: "%.2f", total / Double(n) * 1e6)) µs/event), \(written / n) B written per event
        """
    )
    if o.profileRaw {
        print(
            """
            raw LMDB:      \(n) events in batches of \(batch), no fsync: \(Fmt.rate(Double(n) / rawTotal)) events/s \
            (\(String(format: "%.2f", rawTotal / Double(n) * 1e6)) µs/event), \(rawWritten / n) B written per event
            """
        )
    }
}

/// Bytes this process has written with write(2)-family calls (`wchar` of /proc/self/io).
func bytesWritten() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("wchar:") {
        return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
    }
    return 0
}

/// Point reads alone (state at a past revision: latest + body), many times, for callgrind or a
/// quick A/B of the read path.
func profileReads(_ o: Options) throws {
    let w = try PodChurnWorkload(fixture: try PodChurnWorkload.loadFixture(path: o.fixture), slots: 2_000)
    let n = o.events ?? 20_000
    let dir = try TempDir(base: o.dir, "profile-reads")
    defer { dir.remove() }
    let ledger = try openLedger(dir.path, mapSize: o.mapSize(for: n), noSync: true, compress: o.compress)
    for start in stride(from: 0, to: n, by: 10_000) { try ledger.append(w.events(start..<min(start + 10_000, n))) }
    let keys = (0..<1000).map { w.key(of: $0 * (n / 1000)) }
    var bytes = 0
    let rounds = 100
    let t = try time {
        for _ in 0..<rounds {
            for (k, key) in keys.enumerated() {
                if let e = try ledger.latest(of: key, atOrBefore: UInt64(k * (n / 1000) + 1)) {
                    bytes += try ledger.withBody(at: e.revision) { $0?.count ?? 0 }
                }
            }
        }
    }
    print(
        """
        latest + withBody: \(String(format: "%.2f", t / Double(rounds * keys.count) * 1e6)) µs per query \
        (\(bytes / rounds) body bytes per round)
        """
    )
}

// MARK: - Main

do {
    let o = try Options.parse(Array(CommandLine.arguments.dropFirst()))
    if o.scenario == "profile-reads" {
        try profileReads(o)
        exit(0)
    }
    if o.scenario == "profile" {
        try profileAppend(o)
        exit(0)
    }
    if o.facts { machineFacts(o) }
    let fixture = try PodChurnWorkload.loadFixture(path: o.fixture)
    let slots = o.quick ? 2_000 : 10_000
    let workload = try PodChurnWorkload(fixture: fixture, slots: slots)
    print(
        """
        - workload: Pod churn from tools/bench/Fixtures/pod.json (\(workload.events(0..<1)[0].body!.count) B object \
        JSON), \(slots) pods live, each created, updated 18×, deleted
        """
    )
    let report = Report()
    let started = now()
    let s = o.scenario
    if s == "all" || s == "append" {
        try appendScenario(o, workload, report, batchSizes: o.batches ?? [1, 100, 1000, 10_000])
    }
    if s == "single" { try appendScenario(o, workload, report, batchSizes: [1]) }
    if s == "all" || s == "cli" { try cliScenario(o, fixture, report) }
    if s == "all" || s == "compression" { try compressionScenario(o, workload, report) }
    if s == "all" || s == "sqlite" { try sqliteScenario(o, workload, report) }
    if s == "all" || s == "reads" { try readsScenario(o, workload, slots, report) }
    if s == "all" || s == "history" { try historyScenario(o, report) }
    if s == "all" || s == "backfill" { try backfillScenario(o, report) }
    if s == "all" || s == "serve" { try serveScenario(o, report) }
    if s == "record" { try recordScenario(o, workload, slots, report) }
    if s == "watch" { try watchScenario(o, report) }
    report.printTargets()
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    print(
        """
        \npeak RSS of the benchmark process: \(Fmt.mib(usage.ru_maxrss * 1024)); total \
        \(String(format: "%.0f", now() - started)) s
        """
    )
} catch {
    FileHandle.standardError.write(Data("kubeledger-bench: \(error)\n".utf8))
    exit(1)
}
