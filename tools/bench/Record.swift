// Scenario `record`: `kubeledger record` against one local `kubeledger serve` (both the real
// binaries beside this one): the initial list and reconcile of 10,000 pods, then a sustained
// stream of pod updates appended to the source at a fixed rate, measuring the recorder's
// throughput, the commit lag (source commit → the recorder's cursor covering it) and the
// recorder's memory.
import Foundation
import KubeLedger
import Ledger

func recordScenario(_ o: Options, _ workload: PodChurnWorkload, _ slots: Int, _ report: Report) throws {
    let binary = kubeledgerBinary()
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw BenchError("\(binary) not found: build it with `swift build -c release` first")
    }
    let dir = try TempDir(base: o.dir, "record")
    defer { dir.remove() }
    let source = try openLedger(dir.path + "/src", mapSize: o.mapSize(for: slots * 20), compress: o.compress)
    var index = 0
    while index < slots {
        let n = min(1_000, slots - index)
        try source.append(workload.events(index..<(index + n)))
        index += n
    }
    try ProjectionStore(ledger: source).catchUpLiveObjects()

    let (serve, url) = try startServe(binary, store: dir.path + "/src")
    defer { serve.terminate() }
    let kubeconfig = dir.path + "/kubeconfig.yaml"
    try Data(
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: s, cluster: {server: "\(url)"}}]
        users: [{name: u, user: {}}]
        contexts: [{name: s, context: {cluster: s, user: u}}]
        current-context: s
        """.utf8
    ).write(to: URL(fileURLWithPath: kubeconfig))

    let recorder = Process()
    recorder.executableURL = URL(fileURLWithPath: binary)
    recorder.arguments = [
        "record", "--store", dir.path + "/dst", "--kubeconfig", kubeconfig, "--resources", "pods", "--log-level",
        "warning",
    ]
    recorder.standardError = FileHandle.nullDevice
    let listStart = now()
    try recorder.run()
    defer { if recorder.isRunning { recorder.terminate() } }
    func cursor() -> UInt64 {
        var options = Ledger.Options()
        options.readOnly = true
        guard let l = try? Ledger(path: dir.path + "/dst", options: options) else { return 0 }
        return (try? l.cursors())?["pods"].flatMap { UInt64($0) } ?? 0
    }
    let head = try source.lastRevision()
    while cursor() < head { usleep(10_000) }
    let listSeconds = now() - listStart

    // Sustained: batches of `perBatch` updates every `interval`, for `seconds`.
    // Asked above the target, so that the writer beside the recorder is not what is measured.
    let target = o.quick ? 2_000 : 5_000
    let rate = target * 11 / 10
    let seconds = o.quick ? 5.0 : 20.0
    // One source commit per 100 ms (the writer, on the same two cores, keeps up at 5,000 ev/s).
    let interval = 0.1
    let perBatch = Int(Double(rate) * interval)
    var commits: [(revision: UInt64, at: Double)] = []
    var lags: [Double] = []
    var next = 0
    let start = now()
    var tick = start
    var rssSamples: [Int] = []
    var anonSamples: [Int] = []
    while now() - start < seconds {
        try source.append(workload.events((slots + index)..<(slots + index + perBatch)))
        index += perBatch
        commits.append((try source.lastRevision(), now()))
        // Lags of the batches the recorder has covered so far.
        let c = cursor()
        while next < commits.count, commits[next].revision <= c {
            lags.append(now() - commits[next].at)
            next += 1
        }
        if commits.count % 50 == 0 {
            rssSamples.append(rss(recorder.processIdentifier))
            anonSamples.append(procStatusBytes(recorder.processIdentifier, "RssAnon:"))
        }
        tick += interval
        let wait = tick - now()
        if wait > 0 { usleep(UInt32(wait * 1e6)) }
    }
    let appendedEnd = now()
    let last = try source.lastRevision()
    while cursor() < last, now() - appendedEnd < 60 {
        let c = cursor()
        while next < commits.count, commits[next].revision <= c {
            lags.append(now() - commits[next].at)
            next += 1
        }
        usleep(2_000)
    }
    while next < commits.count {
        lags.append(now() - commits[next].at)
        next += 1
    }
    // The recorder's rate: the source events between the first and the last batch, over the time
    // between the recorder's commits covering them (the lags at both ends cancel out; counting
    // from the writer's start would charge the final lag to the rate).
    let written = Double(index - slots) / (appendedEnd - start)
    let coveredFirst = commits[0].at + lags[0]
    let coveredLast = commits[commits.count - 1].at + lags[commits.count - 1]
    let sustained =
        Double(commits[commits.count - 1].revision - commits[0].revision) / max(coveredLast - coveredFirst, 1e-6)
    let peak = hwm(recorder.processIdentifier)
    let steady = rssSamples.isEmpty ? 0 : rssSamples.sorted()[rssSamples.count / 2]
    // Resident memory counts the store's memory map pages the recorder touched (page cache,
    // shared and reclaimable) besides its own heap: the target is on the heap (RssAnon).
    let steadyAnon = anonSamples.isEmpty ? 0 : anonSamples.sorted()[anonSamples.count / 2]
    let t0 = now()
    recorder.terminate()
    recorder.waitUntilExit()
    let stopSeconds = now() - t0
    report.section(
        "`kubeledger record` from one local `kubeledger serve` (\(slots) live pods, updates at \(rate) ev/s asked)",
        [
            "initial list + reconcile", "source written ev/s", "recorded ev/s", "commit lag p50", "p99", "max",
            "recorder RSS steady",
            "of it anonymous (heap)", "peak RSS", "SIGTERM exit",
        ])
    report.row([
        Fmt.ms(listSeconds), Fmt.rate(written), Fmt.rate(sustained), Fmt.ms(percentile(lags, 50)),
        Fmt.ms(percentile(lags, 99)),
        Fmt.ms(lags.max() ?? 0), Fmt.mib(steady), Fmt.mib(steadyAnon), Fmt.mib(peak),
        String(format: "%.2f s, status %d", stopSeconds, recorder.terminationStatus),
    ])
    report.target("record: initial list of \(slots) pods ≤ 5 s", ratio: 5 / listSeconds, goal: 1)
    report.target("record: sustained ≥ \(target) ev/s", ratio: sustained / Double(target), goal: 1)
    report.target("record: p99 commit lag ≤ 1 s", ratio: 1 / max(percentile(lags, 99), 1e-6), goal: 1)
    report.target(
        "record: steady memory (anonymous RSS) ≤ 100 MiB", ratio: 100 * 1_048_576 / Double(max(steadyAnon, 1)),
        goal: 1)
}

/// A process's resident set (VmRSS) in bytes.
private func rss(_ pid: Int32) -> Int { procStatusBytes(pid, "VmRSS:") }

/// A process's peak resident set (VmHWM) in bytes.
private func hwm(_ pid: Int32) -> Int { procStatusBytes(pid, "VmHWM:") }
