import Foundation
import KubeLedgerGenerator
import LedgerTestSupport
import Testing

@testable import KubeLedger
@testable import Ledger

/// Issue 15: `get pods` from the live set's pod scope and the pod rows kept in the `caches`
/// database must print what reading and parsing every pod prints, at every revision, whatever
/// the cache holds (nothing, part, damaged bytes).
@Suite struct PodRowCacheTests {
    /// The table as `get pods` printed it before issue 15, from a fold from revision 1: the live
    /// set folded over every event up to `r`, each pod read and parsed (metadata only, the other
    /// columns picked from the bytes).
    static func foldedTable(
        _ ledger: Ledger, namespace: String?, at r: UInt64, reference: Timestamp, options: GetView.Options
    ) throws -> String {
        var live = LiveObjectsProjection()
        try ledger.scanObjectWrites(from: 1, to: r) { live.apply($0) }
        let entries = live.entries(scope: LiveObjectsProjection.scope(groupKind: "/Pod", namespace: namespace))
        let events = try ledger.events(at: entries.map(\.entry.revision))
        var values: [JSONValue] = []
        var bodies: [[UInt8]] = []
        for (entry, e) in zip(entries, events) {
            guard let b = e.body, let v = try? JSONReader.parseMetadata(b, maxDepth: 10_000) else { continue }
            values.append(History.namespaced(v, entry.key))
            bodies.append(b)
        }
        return GetView.table(kind: "Pod", objects: values, bodies: bodies, at: reference, options: options)
    }

    /// The table from the rows: what `kubeledger get pods` prints now.
    static func rowsTable(
        _ history: History, namespace: String?, at r: UInt64, reference: Timestamp, options: GetView.Options
    ) throws -> String {
        let rows = try history.podRows(
            ObjectQuery(kind: "Pod", group: "", namespace: namespace), at: history.point(.revision(r)))
        return GetView.podTable(rows, at: reference, options: options)
    }

    static let optionSets: [GetView.Options] = {
        var noHeaders = GetView.Options(allNamespaces: true)
        noHeaders.noHeaders = true
        return [GetView.Options(allNamespaces: true), GetView.Options(wide: true, allNamespaces: true), noHeaders]
    }()

    @Test func `rows give the table of a fold from revision 1 at every revision, across snapshot boundaries`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let events = Self.generated(count: 6_200, seed: 21)
        for start in stride(from: 0, to: 5_000, by: 500) { try ledger.append(Array(events[start..<(start + 500)])) }
        let store = ProjectionStore(ledger: ledger, interval: 500)
        try store.catchUpLiveObjects()
        let cache = PodRowCache(ledger: ledger)
        // Rows for the first 5,000 events only: the later pods' rows are computed on the fly.
        let stored = try cache.catchUp()
        #expect(stored > 1_000)
        #expect(try cache.progress() == 5_000)
        try ledger.append(Array(events[5_000...]))
        let head = try ledger.lastRevision()
        #expect(try cache.progress() < head)
        let history = History(ledger: ledger)
        var rng = SeededRandom(seed: 4)
        var revisions: [UInt64] = [1, 2, 499, 500, 501, 999, 1_000, 1_001, 4_999, 5_000, 5_001, head - 1, head]
        for _ in 0..<25 { revisions.append(UInt64.random(in: 1...head, using: &rng)) }
        let reference = Timestamp(nanoseconds: GeneratorOptions.defaultStart + 3 * 86_400 * 1_000_000_000)
        var nonEmpty = 0
        for r in revisions {
            for options in Self.optionSets {
                let expected = try Self.foldedTable(
                    ledger, namespace: nil, at: r, reference: reference, options: options)
                let got = try Self.rowsTable(history, namespace: nil, at: r, reference: reference, options: options)
                #expect(got == expected, "revision \(r)")
                if !expected.isEmpty { nonEmpty += 1 }
            }
            var one = GetView.Options()
            one.wide = true
            let namespace = "kube-system"
            #expect(
                try Self.rowsTable(history, namespace: namespace, at: r, reference: reference, options: one)
                    == Self.foldedTable(ledger, namespace: namespace, at: r, reference: reference, options: one),
                "revision \(r), one namespace")
        }
        #expect(nonEmpty > 60)
        // The tables had restarts, pending and terminating pods to show.
        let table = try Self.rowsTable(history, namespace: nil, at: head, reference: reference, options: .init())
        #expect(table.contains("Running"))
    }

    @Test func `damaged, foreign or missing cache entries are recomputed from the objects`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try LiveObjectsProjectionTests.appendGenerated(ledger, count: 2_500, seed: 8)
        try ProjectionStore(ledger: ledger, interval: 500).catchUpLiveObjects()
        let cache = PodRowCache(ledger: ledger)
        try cache.catchUp()
        let history = History(ledger: ledger)
        let head = try ledger.lastRevision()
        let reference = Timestamp(nanoseconds: GeneratorOptions.defaultStart + 86_400 * 1_000_000_000)
        let options = GetView.Options(wide: true, allNamespaces: true)
        let expected = try Self.foldedTable(ledger, namespace: nil, at: head, reference: reference, options: options)
        func table() throws -> String {
            try Self.rowsTable(history, namespace: nil, at: head, reference: reference, options: options)
        }
        #expect(try table() == expected)
        // Overwrite every live pod's entry: garbage, another layout version, a truncation, nothing.
        let entries = try WorkloadQueries(ledger: ledger).liveEntries(groupKind: "/Pod", namespace: nil, at: head)
        #expect(entries.count > 10)
        let stored = try ledger.cacheEntries(PodRowCache.family, revisions: [entries[0].revision])
        let good = try #require(stored.first ?? nil)
        var damaged: [(revision: UInt64, bytes: [UInt8])] = []
        for (i, e) in entries.enumerated() {
            switch i % 4 {
            case 0: damaged.append((e.revision, [0xFF, 0x01, 0x02]))
            case 1: damaged.append((e.revision, [PodRow.encodingVersion + 1] + good.dropFirst()))
            case 2: damaged.append((e.revision, Array(good.prefix(good.count / 2))))
            default: damaged.append((e.revision, []))
            }
        }
        try ledger.storeCacheEntries(PodRowCache.family, damaged, through: head)
        #expect(try table() == expected)
        // All caches dropped (as repair does): the same table, computed from the objects.
        try ledger.dropCaches(prefix: "")
        #expect(try cache.progress() == 0)
        #expect(try table() == expected)
        // One named pod, and one that does not exist.
        let first = entries[0].key
        let one = try history.podRows(
            ObjectQuery(kind: "Pod", group: "", namespace: first.namespace, name: first.name), at: history.head())
        #expect(one.map(\.name) == [first.name])
        #expect(throws: HistoryError.self) {
            try history.podRows(
                ObjectQuery(kind: "Pod", group: "", namespace: first.namespace, name: "nope"), at: history.head())
        }
    }

    @Test func `a read-only store computes the rows it lacks and stores nothing`() throws {
        let dir = TemporaryDirectory()
        do {
            let ledger = try dir.ledger()
            try LiveObjectsProjectionTests.appendGenerated(ledger, count: 1_500, seed: 2)
            try ProjectionStore(ledger: ledger, interval: 500).catchUpLiveObjects()
        }
        var readOnly = Ledger.Options()
        readOnly.readOnly = true
        let ledger = try Ledger(path: dir.file("store"), options: readOnly)
        let history = History(ledger: ledger)
        let reference = Timestamp(nanoseconds: GeneratorOptions.defaultStart + 86_400 * 1_000_000_000)
        let options = GetView.Options(allNamespaces: true)
        let head = try ledger.lastRevision()
        #expect(
            try Self.rowsTable(history, namespace: nil, at: head, reference: reference, options: options)
                == Self.foldedTable(ledger, namespace: nil, at: head, reference: reference, options: options))
        #expect(throws: (any Error).self) { try PodRowCache(ledger: ledger).catchUp() }
        #expect(try PodRowCache(ledger: ledger).progress() == 0)
    }

    @Test func `a row round-trips through its cache bytes, and other bytes decode to nil without crashing`() throws {
        var pod = GeneratedPods.sample
        let key = ObjectKey(group: "", kind: "Pod", namespace: "shop", name: "web-0")
        let row = try #require(PodRow(key: key, body: pod))
        #expect(row.summarized && !row.name.isEmpty && !row.namespace.isEmpty && row.node != "<none>")
        let bytes = PodRow.encoded(.row(row))
        #expect(PodRow.decoded(bytes) == .row(row))
        #expect(PodRow.decoded(PodRow.encoded(.skipped)) == .skipped)
        #expect(PodRow(key: key, body: Array("not json".utf8)) == nil)
        for n in 0..<bytes.count { #expect(PodRow.decoded(Array(bytes.prefix(n))) == nil) }
        #expect(PodRow.decoded(bytes + [0]) == nil)
        for i in bytes.indices {
            for v: UInt8 in [0, 1, 0x7F, 0x80, 0xFF, bytes[i] ^ 0x20] {
                var bad = bytes
                bad[i] = v
                if case .row(let r)? = PodRow.decoded(bad) { _ = r.cells(at: .now()) }
            }
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var random = Array(bytes.prefix(Int.random(in: 0...4, using: &rng)))
            for _ in 0..<Int.random(in: 0...40, using: &rng) { random.append(UInt8.random(in: 0...255, using: &rng)) }
            if case .row(let r)? = PodRow.decoded(random) { _ = r.cells(at: .now()) }
        }
        // A pod without a usable summary prints kubectl's empty row, from the cache as from the tree.
        pod = Array(#"{"kind":"Pod","metadata":{"name":"x","namespace":"shop"},"spec":[]}"#.utf8)
        let bare = try #require(PodRow(key: key, body: pod))
        #expect(PodRow.decoded(PodRow.encoded(.row(bare))) == .row(bare))
        #expect(
            GetView.podTable([bare], at: .now(), options: .init(wide: true))
                == GetView.table(
                    kind: "Pod", objects: [try JSONReader.parseMetadata(pod)], bodies: [pod], at: .now(),
                    options: .init(wide: true)))
    }

    @Test(.enabled(if: Fixture.corpus != nil, "shared/corpus is absent"))
    func `rows of the corpus pods print what their objects print`() throws {
        let root = try #require(Fixture.corpus)
        let base = "openshift__must-gather-clean/test/files"
        var files: [URL] = []
        if let walker = FileManager.default.enumerator(atPath: root.appendingPathComponent(base).path) {
            for case let path as String in walker where path.hasSuffix("/core/pods.yaml") {
                files.append(root.appendingPathComponent(base + "/" + path))
            }
        }
        #expect(files.count > 10)
        var rows: [PodRow] = []
        var values: [JSONValue] = []
        var bodies: [[UInt8]] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            for item in try Corpus.items(file) where item["kind"]?.stringValue == "Pod" {
                let body = JSONWriter().bytes(item)
                let m = item["metadata"]
                let key = ObjectKey(
                    group: "", kind: "Pod", namespace: m?["namespace"]?.stringValue ?? "default",
                    name: m?["name"]?.stringValue ?? "")
                let row = try #require(PodRow(key: key, body: body))
                #expect(PodRow.decoded(PodRow.encoded(.row(row))) == .row(row))
                rows.append(row)
                values.append(History.namespaced(try JSONReader.parseMetadata(body), key))
                bodies.append(body)
            }
        }
        #expect(rows.count > 100)
        // Restarts and readiness seen from a moment after the must-gathers were taken.
        let reference = try #require(Timestamp(rfc3339: "2022-06-01T00:00:00Z"))
        for options in Self.optionSets {
            #expect(
                GetView.podTable(rows, at: reference, options: options)
                    == GetView.table(kind: "Pod", objects: values, bodies: bodies, at: reference, options: options))
        }
    }

    /// The first `count` events of a generated cluster history.
    static func generated(count: Int, seed: UInt64) -> [NewEvent] {
        var options = GeneratorOptions(events: count, seed: seed)
        options.start = GeneratorOptions.defaultStart
        return HistoryGenerator(options).map { g in
            NewEvent(
                verb: Verb(name: g.verb) ?? .update,
                object: ObjectReference(
                    apiVersion: g.apiVersion, kind: g.kind, namespace: g.namespace ?? "", name: g.name, uid: g.uid),
                subresource: g.subresource ?? "", resourceVersion: g.resourceVersion,
                occurredAt: Timestamp(nanoseconds: g.occurredAtNanos), actor: g.actor, source: .audit,
                eventID: g.auditID, body: g.object)
        }
    }
}

/// A Pod's JSON as the generator writes it.
enum GeneratedPods {
    static let sample: [UInt8] = {
        var options = GeneratorOptions(events: 400, seed: 3)
        options.start = GeneratorOptions.defaultStart
        var last: [UInt8] = []
        for g in HistoryGenerator(options) where g.kind == "Pod" && g.verb != "delete" {
            if String(decoding: g.object, as: UTF8.self).contains("containerStatuses") { last = g.object }
        }
        return last
    }()
}
