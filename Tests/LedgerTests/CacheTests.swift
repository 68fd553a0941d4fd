@testable import Ledger
import LedgerLMDB
import LedgerTestSupport
import Testing

/// Derived caches (format 4): one entry per name in `caches`, apart from projection snapshots.
@Suite struct CacheTests {
    static let web = "workload-rollouts-f2/Deployment/default/web"

    @Test func aCacheIsReadBackAtOrAfterItsRevisionAndReplacedByTheNextStore() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        #expect(try ledger.cache(Self.web) == nil)
        try ledger.storeCache(Self.web, revision: 5, bytes: [1, 2, 3])
        #expect(try ledger.cache(Self.web).map { [$0.revision] + $0.bytes.map(UInt64.init) } == [5, 1, 2, 3])
        #expect(try ledger.cache(Self.web, atOrBefore: 5)?.revision == 5)
        #expect(try ledger.cache(Self.web, atOrBefore: 4) == nil)
        try ledger.storeCache(Self.web, revision: 9, bytes: [])
        #expect(try ledger.cache(Self.web).map { [$0.revision] + $0.bytes.map(UInt64.init) } == [9])
        #expect(try ledger.cache(Self.web, atOrBefore: 8) == nil, "each name keeps one entry")
        // The value layout: revision u64 big-endian + the bytes, under the name's UTF-8.
        try ledger.storeCache("x", revision: 0x0102, bytes: [7])
        let raw = try ledger.environment.read { txn in try txn.getBytes(ledger.caches, key: Array("x".utf8)) }
        #expect(raw == [0, 0, 0, 0, 0, 0, 1, 2, 7])
    }

    @Test func cachesAreApartFromProjectionSnapshotsAndCheckpoints() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.storeSnapshots("pods", [(3, [1], [UInt8](repeating: 0, count: 32))])
        try ledger.storeCache("pods", revision: 4, bytes: [2])
        #expect(try ledger.snapshot("pods", atOrBefore: .max).map { $0.bytes } == [1])
        #expect(try ledger.snapshotRevisions("pods") == [3] && ledger.checkpoint("pods")?.revision == 3)
        try ledger.dropProjection("pods")
        #expect(try ledger.cache("pods")?.bytes == [2])
        try ledger.storeSnapshots("pods", [(3, [1], [UInt8](repeating: 0, count: 32))])
        try ledger.dropCaches(prefix: "")
        #expect(try ledger.cache("pods") == nil && ledger.snapshotRevisions("pods") == [3])
        #expect(try ledger.verify().isValid)
    }

    @Test func dropCachesRemovesEveryNameWithThePrefixAndOnlyThose() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let names = ["workload-rollouts-f1/a", "workload-rollouts-f2/a", "workload-rollouts-f2/b", "workload-x", "z"]
        for (i, n) in names.enumerated() { try ledger.storeCache(n, revision: UInt64(i), bytes: [UInt8(i)]) }
        try ledger.dropCaches(prefix: "workload-rollouts-f2/")
        #expect(try names.map { try ledger.cache($0) != nil } == [true, false, false, true, true])
        try ledger.dropCaches(prefix: "workload-")
        #expect(try names.map { try ledger.cache($0) != nil } == [false, false, false, false, true])
        try ledger.dropCaches(prefix: "")
        #expect(try ledger.stats().entries["caches"] == 0)
    }

    @Test func aReadOnlyStoreReadsCachesAndRefusesToStoreThem() throws {
        let dir = TemporaryDirectory()
        try dir.ledger().storeCache(Self.web, revision: 2, bytes: [8])
        var options = Ledger.Options()
        options.readOnly = true
        let ledger = try Ledger(path: dir.file("store"), options: options)
        #expect(try ledger.cache(Self.web)?.bytes == [8])
        #expect(throws: (any Error).self) { try ledger.storeCache(Self.web, revision: 3, bytes: []) }
        #expect(throws: (any Error).self) { try ledger.dropCaches(prefix: "") }
        #expect(try ledger.cache(Self.web)?.revision == 2)
    }
}
