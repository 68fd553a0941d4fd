// Scenario `watch`: N concurrent watches on `kubeledger serve`'s live view (the real binary beside
// this one, in its own process) while this process appends pods to the same store at a steady
// rate, one durable commit per batch. Each pod carries the wall-clock time just before its
// commit; a watcher's delay is that stamp to the line read. Reports whether every watcher got
// every event, the delay p50/p99/max and the server's memory (issue 11's target: 200 watchers at
// 1,000 events/s, p99 ≤ 100 ms, ≤ 256 MiB).
//
// The watchers share one event loop (AsyncHTTPClient over SwiftNIO), so the load client costs
// little next to the server; `tools/serve-watch-load.py` is the same test from Python.
import AsyncHTTPClient
import Foundation
import KubeLedger
import Ledger
import NIOCore
import Synchronization

func watchScenario(_ o: Options, _ report: Report) throws {
    let binary = kubeledgerBinary()
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw BenchError("\(binary) not found: build it with `swift build -c release` first")
    }
    let watchers = o.quick ? 50 : 200
    let rate = o.quick ? 300 : 1_000
    let seconds = o.quick ? 5.0 : 20.0
    let perBatch = 100
    let dir = try TempDir(base: o.dir, "watch")
    defer { dir.remove() }
    let ledger = try openLedger(dir.path + "/store", mapSize: o.mapSize(for: 100_000), compress: o.compress)
    try ledger.append([loadPod("seed", written: now())])

    let (serve, url) = try startServe(binary, store: dir.path + "/store")
    defer { serve.terminate() }

    let total = Int(Double(rate) * seconds) / perBatch * perBatch
    let load = WatchLoad(url: url + "/api/v1/namespaces/load/pods?watch=1&resourceVersion=1", watchers: watchers)
    let results = load.start(expecting: total)
    // Every watch open before the first append.
    while load.connected() < watchers { usleep(10_000) }
    usleep(200_000)

    var peak = 0
    var appended = 0
    let start = now()
    while appended < total {
        let due = start + Double(appended) / Double(rate)
        if due > now() { usleep(UInt32((due - now()) * 1e6)) }
        let stamp = now()
        try ledger.append((0..<perBatch).map { loadPod("p\(appended + $0)", written: stamp) })
        appended += perBatch
        if appended % 1_000 == 0 { peak = max(peak, procStatusBytes(serve.processIdentifier, "VmRSS:")) }
    }
    let appendSeconds = now() - start
    let outcome = results.wait(seconds: 30)
    load.shutdown()
    if let error = load.firstError { print("a watch failed: \(error)") }
    peak = max(peak, procStatusBytes(serve.processIdentifier, "VmHWM:"))
    let delays = outcome.delays
    report.section(
        "\(watchers) watchers on serve's live view, \(perBatch) pods per durable commit at \(rate) ev/s asked",
        ["reached ev/s", "watchers with every event", "delay p50", "p99", "max", "server peak RSS"])
    report.row([
        Fmt.rate(Double(total) / appendSeconds), "\(outcome.complete) of \(watchers)", Fmt.ms(percentile(delays, 50)),
        Fmt.ms(percentile(delays, 99)), Fmt.ms(delays.max() ?? 0), Fmt.mib(peak),
    ])
    report.target(
        "watch: every watcher gets every event", ratio: Double(outcome.complete) / Double(watchers), goal: 1)
    report.target(
        "watch: p99 delivery ≤ 100 ms (100/ms)", ratio: 0.1 / max(percentile(delays, 99), 1e-6), goal: 1)
    report.target("watch: server RSS ≤ 256 MiB", ratio: 256 * 1_048_576 / Double(max(peak, 1)), goal: 1)
}

/// A pod of the load namespace stamped with the time it was written (seconds since the epoch).
private func loadPod(_ name: String, written: Double) -> NewEvent {
    let body = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(name)","namespace":"load","uid":"u-\(name)",\
        "annotations":{"load/written":"\(String(format: "%.6f", written))"},\
        "creationTimestamp":"2026-12-03T00:00:00Z"},\
        "spec":{"nodeName":"n1","containers":[{"name":"c","image":"nginx:1.25"}]},"status":{"phase":"Running"}}
        """
    return NewEvent(
        verb: .create,
        object: ObjectReference(apiVersion: "v1", kind: "Pod", namespace: "load", name: name, uid: "u-\(name)"),
        occurredAt: .now(), actor: "bench", body: Array(body.utf8))
}

/// The real `kubeledger serve` on `store`, on a free loopback port: the process and its URL.
func startServe(_ binary: String, store: String) throws -> (Process, String) {
    let serve = Process()
    serve.executableURL = URL(fileURLWithPath: binary)
    serve.arguments = ["serve", "--store", store, "--listen", "127.0.0.1:0"]
    let serveErr = Pipe()
    serve.standardError = serveErr
    try serve.run()
    var seen = ""
    while !seen.contains("\n") { seen += String(decoding: serveErr.fileHandleForReading.availableData, as: UTF8.self) }
    guard let r = seen.range(of: "http://127.0.0.1:") else {
        serve.terminate()
        throw BenchError("serve did not start: \(seen)")
    }
    return (serve, "http://127.0.0.1:" + seen[r.upperBound...].prefix { $0.isNumber })
}

/// A field of `/proc/PID/status` (kB) in bytes.
func procStatusBytes(_ pid: Int32, _ field: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field) })
    else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}

/// The watchers: one HTTP client, one task per watch, reading lines and timing the ADDED ones.
final class WatchLoad: Sendable {
    let url: String
    let watchers: Int
    let client: HTTPClient
    private let state = Mutex(State())

    struct State {
        var connected = 0
        var received: [Int] = []
        var delays: [Double] = []
        var finished = 0
        var firstError: String?
    }

    /// What the watchers saw.
    struct Outcome {
        var complete: Int
        var delays: [Double]
    }

    /// Waits for the watchers to finish.
    struct Results {
        let load: WatchLoad
        let expected: Int

        func wait(seconds: Double) -> Outcome {
            let deadline = now() + seconds
            while now() < deadline, load.state.withLock({ $0.finished < load.watchers }) { usleep(20_000) }
            return load.state.withLock { s in
                Outcome(complete: s.received.filter { $0 >= expected }.count, delays: s.delays)
            }
        }
    }

    init(url: String, watchers: Int) {
        self.url = url
        self.watchers = watchers
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: watchers + 8)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        state.withLock { $0.received = Array(repeating: 0, count: watchers) }
    }

    /// Closes the client (the watches end).
    func shutdown() { try? client.syncShutdown() }

    /// Why a watch failed, if one did.
    var firstError: String? { state.withLock { $0.firstError } }

    func connected() -> Int { state.withLock { $0.connected } }

    func start(expecting total: Int) -> Results {
        let url = self.url
        let client = self.client
        for i in 0..<watchers {
            Task {
                defer { self.state.withLock { $0.finished += 1 } }
                do {
                    let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(600))
                    self.state.withLock { $0.connected += 1 }
                    var pending: [UInt8] = []
                    var mine: [Double] = []
                    var count = 0
                    for try await chunk in response.body {
                        pending += chunk.readableBytesView
                        var lineStart = 0
                        while let newline = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                            if let written = Self.stamp(pending[lineStart..<newline]) {
                                mine.append(now() - written)
                                count += 1
                            }
                            lineStart = newline + 1
                        }
                        pending.removeFirst(lineStart)
                        if count >= total { break }
                    }
                    self.state.withLock { s in
                        s.received[i] = count
                        s.delays += mine
                    }
                } catch {
                    self.state.withLock { s in
                        s.connected += 1
                        if s.firstError == nil { s.firstError = "\(error)" }
                    }
                }
            }
        }
        return Results(load: self, expected: total)
    }

    private static let marker = Array(#""load/written":""#.utf8)

    /// The write stamp of an `ADDED` line (`nil` for other lines and the seed).
    static func stamp(_ line: ArraySlice<UInt8>) -> Double? {
        guard line.starts(with: #"{"type":"ADDED""#.utf8) else { return nil }
        var i = line.startIndex
        while i + marker.count <= line.endIndex {
            if line[i] == marker[0], line[i..<(i + marker.count)].elementsEqual(marker) {
                let from = i + marker.count
                guard let end = line[from...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return Double(String(decoding: line[from..<end], as: UTF8.self))
            }
            i += 1
        }
        return nil
    }
}
