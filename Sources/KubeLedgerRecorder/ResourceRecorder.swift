import Foundation
import KubeLedger
import Ledger
import Logging

/// Lists then watches one resource for as long as the recorder runs: resumes a dropped watch
/// from the last resourceVersion seen (bookmarks advance it) with exponential backoff and
/// jitter, and lists again and reconciles on 410 Gone.
struct ResourceRecorder: Sendable {
    let resource: RecordedResource
    let client: KubeClient
    let writer: BatchWriter
    let filter: BodyFilter
    let logger: Logger
    /// Seconds a watch asks the server to hold the stream.
    var watchTimeout = 300
    var pageSize = 500
    /// Start with a WatchList request (`sendInitialEvents=true`); a server that refuses it is listed.
    var useWatchList = true

    /// What ended one watch request.
    enum WatchEnd {
        case ended
        case expired
        case failed(status: Int)
        /// A WatchList request the server refused or did not honour.
        case unsupported
    }

    /// Runs until the task is cancelled. `cursor`: the committed resourceVersion to resume from.
    func run(from cursor: String?) async {
        var rv = cursor
        var failures = 0
        var watchListRefused = !useWatchList
        while !Task.isCancelled {
            do {
                let end: WatchEnd
                if let from = rv {
                    (end, rv) = try await watch(from: from)
                } else if !watchListRefused {
                    // WatchList: the initial state as ADDED events, then the watch, in one stream.
                    (end, rv) = try await watch(from: nil)
                } else {
                    rv = try await listAndReconcile()
                    continue
                }
                switch end {
                case .ended:
                    failures = 0
                    continue
                case .expired:
                    logger.info("watch expired (410); listing again", metadata: ["resource": "\(resource.name)"])
                    rv = nil
                    failures = 0
                    continue
                case .unsupported:
                    logger.info(
                        "the server does not support WatchList; listing", metadata: ["resource": "\(resource.name)"])
                    watchListRefused = true
                    continue
                case .failed(let status):
                    logger.warning(
                        "watch failed", metadata: ["resource": "\(resource.name)", "status": "\(status)"])
                    await writer.countWatchRestart()
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "connection failed; retrying", metadata: ["resource": "\(resource.name)", "error": "\(error)"])
                await writer.countWatchRestart()
            }
            failures += 1
            // Exponential backoff with full jitter: 0 … min(30 s, 0.2 s × 2^n).
            let cap = min(30.0, 0.2 * pow(2.0, Double(min(failures, 10))))
            try? await Task.sleep(for: .milliseconds(Int(Double.random(in: 0.05...1.0) * cap * 1000)))
        }
    }

    /// A paginated LIST, reconciled against the ledger and committed in one transaction with
    /// the list's resourceVersion as the cursor. Returns that resourceVersion.
    func listAndReconcile() async throws -> String {
        var items: [IngestItem] = []
        var present: Set<String> = []
        var listRV: String?
        var token: String?
        let observedAt = Timestamp.now()
        repeat {
            var path = resource.path + "?limit=\(pageSize)"
            if let token { path += "&continue=" + Self.escape(token) }
            let (status, body) = try await client.get(path)
            if status == 410 {
                // The continue token expired: start the list again.
                (items, present, listRV, token) = ([], [], nil, nil)
                continue
            }
            guard status == 200 else { throw RecorderError.http(path: path, status: status, message: Self.text(body)) }
            let page = try JSONReader.parse(body, maxDepth: 10_000)
            if listRV == nil { listRV = page.value(atPath: "metadata.resourceVersion")?.stringValue }
            token = page.value(atPath: "metadata.continue")?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            let adapter = ListSnapshotAdapter(
                source: "list \(resource.name)", observedAt: observedAt, addsImportAnnotations: false)
            for item in adapter.items(in: body) {
                guard case .observed(let e, let line) = item else {
                    if case .rejected(let err) = item { logger.warning("list item rejected: \(err)") }
                    continue
                }
                present.insert("\(e.object.namespace)/\(e.object.name)")
                items.append(.observed(filter.apply(e), line: line))
            }
        } while token != nil
        guard let rv = listRV else {
            throw RecorderError.http(path: resource.path, status: 200, message: "list without metadata.resourceVersion")
        }
        let relist = RecordBatch.Relist(
            groupKind: resource.groupKind, present: present, observedAt: observedAt, resourceVersion: rv)
        try await writer.commitList(items, relist: relist, cursor: (resource.cursorName, rv))
        logger.info(
            "listed",
            metadata: ["resource": "\(resource.name)", "objects": "\(present.count)", "resourceVersion": "\(rv)"])
        return rv
    }

    /// One watch request from `rv`, or a WatchList request (`rv` nil: the initial state as ADDED
    /// events, reconciled like a list and committed with its cursor at the end-of-initial-events
    /// bookmark). Returns how it ended and the last resourceVersion committed or queued (nil when
    /// a WatchList ended before its initial events did).
    func watch(from rv: String?) async throws -> (WatchEnd, String?) {
        var last = rv
        let path: String
        if let rv {
            path =
                resource.path + "?watch=true&allowWatchBookmarks=true&resourceVersion=\(Self.escape(rv))"
                + "&timeoutSeconds=\(watchTimeout)"
        } else {
            path =
                resource.path + "?watch=true&allowWatchBookmarks=true&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan&timeoutSeconds=\(watchTimeout)"
        }
        var adapter = WatchStreamAdapter(source: "watch \(resource.name)", addsImportAnnotations: false)
        var expired = false
        var unsupported = false
        // WatchList: the initial objects, until the end bookmark.
        var initial: [IngestItem]? = rv == nil ? [] : nil
        var present: Set<String> = []
        let observedAt = Timestamp.now()
        let name = resource.cursorName
        let opened: () async -> Void = { if rv != nil { await writer.markReady(name) } }
        let status = try await client.stream(path, timeout: watchTimeout, opened: opened) { line in
            if expired || unsupported { return }
            let head = line.prefix(48)
            if Self.contains(head, "\"BOOKMARK\"") || Self.contains(head, "\"ERROR\"") {
                let v = try JSONReader.parse(Array(line), maxDepth: 10_000)
                if v["type"]?.stringValue == "ERROR" {
                    if case .number("410")? = v.value(atPath: "object.code") {
                        expired = true
                        return
                    }
                    if initial != nil {
                        unsupported = true
                        return
                    }
                    throw RecorderError.http(
                        path: path, status: 200, message: v.value(atPath: "object.message")?.stringValue ?? "ERROR")
                }
                guard let b = v.value(atPath: "object.metadata.resourceVersion")?.stringValue, !b.isEmpty else {
                    return
                }
                if let items = initial {
                    let end = v.value(atPath: "object.metadata.annotations")?["k8s.io/initial-events-end"]
                    guard end?.stringValue == "true" else { return }
                    let relist = RecordBatch.Relist(
                        groupKind: resource.groupKind, present: present, observedAt: observedAt, resourceVersion: b)
                    try await writer.commitList(items, relist: relist, cursor: (name, b))
                    logger.info(
                        "listed (WatchList)",
                        metadata: [
                            "resource": "\(resource.name)", "objects": "\(present.count)", "resourceVersion": "\(b)",
                        ])
                    initial = nil
                    last = b
                    return
                }
                last = b
                await writer.bookmark(name, b)
                return
            }
            adapter.arrivalTime = Timestamp.now()
            for item in adapter.items(in: Array(line)) {
                switch item {
                case .event(var e, let l):
                    if initial != nil {
                        // Only ADDED events come before the end bookmark; anything else: not a WatchList.
                        guard e.verb == .create else {
                            unsupported = true
                            return
                        }
                        let identity = e.object.uid.isEmpty ? "\(e.object.namespace)/\(e.object.name)" : e.object.uid
                        e.source = .list
                        e.eventID = "\(identity)/\(e.resourceVersion)/LIST"
                        present.insert("\(e.object.namespace)/\(e.object.name)")
                        initial?.append(.observed(filter.apply(e), line: l))
                        continue
                    }
                    if !e.resourceVersion.isEmpty { last = e.resourceVersion }
                    try await writer.add(.event(filter.apply(e), line: l), cursor: (name, last ?? ""))
                case .rejected(let err):
                    logger.warning("watch event rejected: \(err)", metadata: ["resource": "\(resource.name)"])
                default:
                    continue
                }
            }
        }
        if expired || status == 410 { return (.expired, last) }
        if rv == nil, unsupported || (400..<500).contains(status) && status != 401 && status != 403 {
            return (.unsupported, nil)
        }
        if rv == nil, initial != nil {
            // The stream ended before the initial events did (a timeout): nothing was committed.
            return (status == 200 ? .unsupported : .failed(status: status), nil)
        }
        return (status == 200 ? .ended : .failed(status: status), last)
    }

    static func contains(_ bytes: ArraySlice<UInt8>, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return false }
        var i = bytes.startIndex
        while i + n.count <= bytes.endIndex {
            if bytes[i] == n[0], bytes[i..<(i + n.count)].elementsEqual(n) { return true }
            i += 1
        }
        return false
    }

    static func escape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? s
    }

    static func text(_ body: [UInt8]) -> String {
        let s = String(decoding: body.prefix(300), as: UTF8.self)
        return (try? JSONReader.parse(body))?["message"]?.stringValue ?? s
    }
}
