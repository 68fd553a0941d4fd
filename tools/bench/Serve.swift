// Scenario `serve`: `kubectl get pods -A` through `kubeledger serve` (the server's Table LIST,
// every page of 500 as kubectl asks for them, answered by APIResponder in this process, HTTP left
// out) against `kubeledger get pods -A` (the CLI's path: History.podRows + GetView.podTable) at
// the same random past revisions of one generated history.
import Foundation
import KubeLedger
import KubeLedgerGenerator
import KubeLedgerServer
import Ledger

func serveScenario(_ o: Options, _ report: Report) throws {
    let total = o.events ?? (o.quick ? 20_000 : 300_000)
    let dir = try TempDir(base: o.dir, "serve")
    defer { dir.remove() }
    let ledger = try openLedger(dir.path + "/store", mapSize: o.mapSize(for: total), compress: o.compress)
    var options = GeneratorOptions(events: o.clusterEvents ?? total, seed: 11)
    options.events = total
    options.livePods = o.livePods
    options.start = GeneratorOptions.defaultStart
    var batch: [NewEvent] = []
    for g in HistoryGenerator(options) {
        batch.append(newEvent(g))
        if batch.count == 1000 {
            try ledger.append(batch)
            batch.removeAll(keepingCapacity: true)
        }
    }
    try ledger.append(batch)
    // The write side's upkeep, as the Ingestor runs it after its commits.
    try ProjectionStore(ledger: ledger).catchUpLiveObjects()
    try PodRowCache(ledger: ledger).catchUp()
    let head = try ledger.lastRevision()
    let history = History(ledger: ledger)
    let responder = APIResponder(history: history)
    let table = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
    var rng = SeededRandom(seed: 7)
    var server: [Double] = []
    var cli: [Double] = []
    var bytes = 0
    var pods = 0
    for i in 0..<(o.quick ? 10 : 60) {
        let r = UInt64.random(in: head / 10...head, using: &rng)
        let serve = {
            try time {
                // kubectl's pages: limit 500, then the continue token until there is none.
                var query = ["limit": "500"]
                bytes = 0
                while true {
                    let reply = responder.reply(
                        method: "GET", path: "/at/\(r)/api/v1/pods", query: query, accept: table)
                    guard case .bytes(let b) = reply.body, reply.status == 200 else {
                        throw BenchError("serve: \(reply.status)")
                    }
                    bytes += b.count
                    guard let next = tableContinueToken(b) else { break }
                    query["continue"] = next
                }
            }
        }
        let get = {
            try time {
                let point = try history.point(.revision(r))
                let rows = try history.podRows(ObjectQuery(kind: "Pod", group: ""), at: point)
                pods = rows.count
                _ = GetView.podTable(rows, at: point.time, options: .init(allNamespaces: true))
            }
        }
        // Alternate which runs first.
        if i % 2 == 0 {
            server.append(try serve())
            cli.append(try get())
        } else {
            cli.append(try get())
            server.append(try serve())
        }
    }
    report.section(
        "kubectl get pods -A through serve (\(total.withThousandsInt) generated events)",
        ["path", "p50", "p99", "live pods (last)", "response bytes (last)"])
    report.row([
        "serve: Table LIST at /at/R (every page of 500)", Fmt.ms(percentile(server, 50)),
        Fmt.ms(percentile(server, 99)), String(pods), String(bytes),
    ])
    report.row([
        "kubeledger get pods -A (History.podRows + GetView.podTable)", Fmt.ms(percentile(cli, 50)),
        Fmt.ms(percentile(cli, 99)),
        String(pods), "-",
    ])
    report.target(
        "serve get pods -A p50 ≤ 30 ms (ms/30)", ratio: percentile(server, 50) * 1000 / 30, goal: 1, atLeast: false)
    report.target(
        "serve get pods -A p99 ≤ 100 ms (ms/100)", ratio: percentile(server, 99) * 1000 / 100, goal: 1,
        atLeast: false)
    report.target(
        "serve within 1.5× of kubeledger get (p50 ratio)", ratio: percentile(server, 50) / percentile(cli, 50),
        goal: 1.5, atLeast: false)
}

/// The `metadata.continue` token of a Table's bytes (`nil`: the last page): the Table's metadata
/// comes before its columns and rows, so only its first bytes are searched.
func tableContinueToken(_ bytes: [UInt8]) -> String? {
    let marker = Array(#""continue":""#.utf8)
    let head = bytes.prefix(4096)
    guard let start = head.indices.first(where: { head[$0...].starts(with: marker) }) else { return nil }
    let from = start + marker.count
    guard let end = head[from...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
    return String(decoding: head[from..<end], as: UTF8.self)
}
