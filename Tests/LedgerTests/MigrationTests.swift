import Foundation
import LedgerLMDB
import LedgerTestSupport
import Testing

@testable import Ledger

/// Older-format fixtures (`migrations/fixtures/*.mdb_dump.txt`) loaded with Debian's `mdb_load`
/// and migrated.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/mdb_load"), "needs lmdb-utils (make deps)"))
struct MigrationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../migrations/fixtures").standardizedFileURL.path

    /// Loads `format-N.mdb_dump.txt` into a new store directory.
    static func load(_ name: String, into dir: String) throws {
        mkdir(dir, 0o700)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/mdb_load")
        p.arguments = ["-f", fixtures + "/" + name, dir]
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "mdb_load \(name)")
    }

    @Test func aFormat1StoreIsRefusedNamingBothFormats() throws {
        let dir = TemporaryDirectory()
        try Self.load("format-1.mdb_dump.txt", into: dir.file("store"))
        let error = #expect(throws: LedgerError.self) { try Ledger(path: dir.file("store"), create: false) }
        #expect(error == .formatMismatch(path: dir.file("store"), found: 1, expected: Ledger.formatVersion))
        #expect(error?.description.contains("has format 1; this version reads format \(Ledger.formatVersion)") == true)
        // Refusing changed nothing: no uids database appeared.
        let env = try Environment(path: dir.file("store"))
        #expect(throws: LMDBError.self) { try env.read { txn in try txn.database(named: "uids", create: false) } }
    }

    @Test func theFormat1FixtureMigratesToTheCurrentFormatWithTheSameChainAndAUIDIndex() throws {
        let dir = TemporaryDirectory()
        try Self.load("format-1.mdb_dump.txt", into: dir.file("store"))
        let outcome = try LedgerMigrator.migrate(path: dir.file("store"))
        #expect(outcome.fromFormat == 1 && outcome.toFormat == 5)
        #expect(outcome.applied == ["0002-objects-by-uid", "0003-zstd-bodies", "0004-derived-caches", "0005-uid-runs"])
        #expect(outcome.migrations == ["0001-initial-layout"] + outcome.applied)
        let ledger = try Ledger(path: dir.file("store"), create: false)
        let report = try ledger.verify()
        #expect(report.isValid, "\(report.problem ?? "")")
        #expect(report.chainHead == "4c587eb7a973d8a31c3ea473a9c96ce7d2915c1f7bc3471010698f418f034b83")
        #expect(try ledger.revisions(byUID: "7d0c5b1e-1111-4222-8333-444455556666") == [3, 6])
        #expect(try ledger.revisions(byUID: "3f1c2a9e-0000-4000-8000-000000000002") == [2])
        #expect(try ledger.stats().format == 5)
        #expect(try ledger.stats().entries["caches"] == 0)
        // Appends after the migration index their uid too.
        var e = TestEvents.pod("web-abc12")
        e.object.uid = "7d0c5b1e-1111-4222-8333-444455556666"
        try ledger.append([e])
        #expect(try ledger.revisions(byUID: "7d0c5b1e-1111-4222-8333-444455556666") == [3, 6, 8])
        #expect(try ledger.verify().isValid)
    }

    @Test func migratingACurrentStoreDoesNothing() throws {
        let dir = TemporaryDirectory()
        _ = try dir.ledger()
        let outcome = try LedgerMigrator.migrate(path: dir.file("store"))
        #expect(outcome.applied.isEmpty && outcome.fromFormat == Ledger.formatVersion)
        #expect(outcome.migrations == LedgerMigrator.allIdentifiers)
    }

    @Test func aDryRunChangesNothing() throws {
        let dir = TemporaryDirectory()
        try Self.load("format-1.mdb_dump.txt", into: dir.file("store"))
        let outcome = try LedgerMigrator.migrate(path: dir.file("store"), dryRun: true)
        #expect(outcome.applied == ["0002-objects-by-uid", "0003-zstd-bodies", "0004-derived-caches", "0005-uid-runs"])
        #expect(throws: LedgerError.self) { try Ledger(path: dir.file("store"), create: false) }
    }

    @Test func aNewerStoreIsRefused() throws {
        let dir = TemporaryDirectory()
        do {
            let ledger = try dir.ledger()
            try ledger.environment.write { txn in
                try txn.put(ledger.meta, key: LedgerNames.formatKey, value: [0, 0, 0, 9])
            }
        }
        #expect(throws: LedgerError.formatMismatch(path: dir.file("store"), found: 9, expected: Ledger.formatVersion)) {
            try LedgerMigrator.migrate(path: dir.file("store"))
        }
        #expect(throws: LedgerError.formatMismatch(path: dir.file("store"), found: 9, expected: Ledger.formatVersion)) {
            try Ledger(path: dir.file("store"), create: false)
        }
    }

    @Test func aMigrationStepThatFailsLeavesTheOldFormat() throws {
        let dir = TemporaryDirectory()
        try Self.load("format-1.mdb_dump.txt", into: dir.file("store"))
        do {
            // A record that does not decode (its verb byte) makes step 0002 fail.
            let env = try Environment(path: dir.file("store"))
            let events = try env.openDatabase(named: "events")
            try env.write { txn in
                var v = try #require(try txn.getBytes(events, key: LedgerKeys.revision(4)))
                v[1] = 0xEE
                try txn.put(events, key: LedgerKeys.revision(4), value: v)
            }
        }
        #expect(throws: LedgerError.self) { try LedgerMigrator.migrate(path: dir.file("store")) }
        let env = try Environment(path: dir.file("store"))
        #expect(throws: LMDBError.self) { try env.read { txn in try txn.database(named: "uids", create: false) } }
    }

    @Test func newStoresRecordEveryStepAndTheCurrentFormat() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let migrations = try ledger.environment.read { txn in
            try txn.getBytes(ledger.meta, key: LedgerNames.migrationsKey)
        }
        #expect(
            migrations.map { String(decoding: $0, as: UTF8.self) }
                == "0001-initial-layout\n0002-objects-by-uid\n0003-zstd-bodies\n0004-derived-caches\n0005-uid-runs")
        #expect(try ledger.stats().format == 5)
        #expect(try ledger.stats().entries["caches"] == 0, "a new store has the caches database")
    }

    // MARK: - Format 3: workload rollout caches in `snapshots`

    static let webCache = "workload-rollouts-f2/Deployment/default/web"
    static let format3ChainHead = "4f2cf8ac25a82cd391a3a4e5351db00485297aadcc8fc92490d0e99089dcab66"

    /// Every entry of the named databases `names`, raw (a missing database reads as nil).
    static func entries(_ path: String, _ names: [String]) throws -> [String: [[UInt8]: [UInt8]]?] {
        let env = try Environment(path: path)
        var out: [String: [[UInt8]: [UInt8]]?] = [:]
        for name in names {
            out[name] = try env.read { txn -> [[UInt8]: [UInt8]]? in
                guard let db = try? txn.database(named: name, create: false) else { return nil }
                var all: [[UInt8]: [UInt8]] = [:]
                try txn.withCursor(db) { c in
                    var e = try c.first()
                    while let en = e {
                        all[Array(en.key)] = Array(en.value)
                        e = try c.next()
                    }
                }
                return all
            }
        }
        return out
    }

    @Test func aFormat3StoreIsRefusedAndKeepsItsCacheInSnapshots() throws {
        let dir = TemporaryDirectory()
        try Self.load("format-3.mdb_dump.txt", into: dir.file("store"))
        let before = try Self.entries(dir.file("store"), ["snapshots", "checkpoints"])
        let error = #expect(throws: LedgerError.self) { try Ledger(path: dir.file("store"), create: false) }
        #expect(error == .formatMismatch(path: dir.file("store"), found: 3, expected: Ledger.formatVersion))
        #expect(error?.description.contains("has format 3; this version reads format \(Ledger.formatVersion)") == true)
        // Refusing changed nothing: no caches database, the cache still in snapshots.
        let after = try Self.entries(dir.file("store"), ["snapshots", "checkpoints", "caches"])
        #expect(after["caches"]! == nil)
        #expect(after["snapshots"]! == before["snapshots"]! && after["checkpoints"]! == before["checkpoints"]!)
        #expect(after["snapshots"]!!.keys.contains(Ledger.snapshotKey(Self.webCache, 5)))
    }

    @Test func theFormat3FixtureMigratesItsRolloutCacheIntoCachesAndLeavesProjectionsAlone() throws {
        let dir = TemporaryDirectory()
        try Self.load("format-3.mdb_dump.txt", into: dir.file("store"))
        let before = try Self.entries(dir.file("store"), ["snapshots", "checkpoints"])
        let snapshots = try #require(before["snapshots"] ?? nil)
        let checkpoints = try #require(before["checkpoints"] ?? nil)
        let cached = try #require(snapshots[Ledger.snapshotKey(Self.webCache, 5)])
        #expect(cached.count == 713 && checkpoints[Array(Self.webCache.utf8)] != nil)
        #expect(snapshots.count == 16 && checkpoints.count == 6, "5 projections at 3, 6, 7 + the cache")

        let outcome = try LedgerMigrator.migrate(path: dir.file("store"))
        #expect(outcome.fromFormat == 3 && outcome.toFormat == 5)
        #expect(outcome.applied == ["0004-derived-caches", "0005-uid-runs"])
        #expect(outcome.migrations == LedgerMigrator.allIdentifiers)

        let after = try Self.entries(dir.file("store"), ["snapshots", "checkpoints", "caches"])
        var projections = snapshots
        projections[Ledger.snapshotKey(Self.webCache, 5)] = nil
        var projectionCheckpoints = checkpoints
        projectionCheckpoints[Array(Self.webCache.utf8)] = nil
        #expect(after["snapshots"]! == projections, "projection snapshots untouched, the cache gone")
        #expect(after["checkpoints"]! == projectionCheckpoints)
        #expect(after["caches"]! == [Array(Self.webCache.utf8): ByteEncoding.uint64(5) + cached])

        let ledger = try Ledger(path: dir.file("store"), create: false)
        let cache = try #require(try ledger.cache(Self.webCache))
        #expect(cache.revision == 5 && cache.bytes == cached)
        #expect(try ledger.snapshot(Self.webCache, atOrBefore: .max) == nil && ledger.checkpoint(Self.webCache) == nil)
        #expect(try ledger.snapshotRevisions("rollouts") == [3, 6, 7] && ledger.checkpoint("pods")?.revision == 7)
        let report = try ledger.verify()
        #expect(report.isValid, "\(report.problem ?? "")")
        #expect(report.chainHead == Self.format3ChainHead)
        #expect(try ledger.stats().format == 5)
        #expect(try LedgerMigrator.migrate(path: dir.file("store")).applied.isEmpty)
    }

    @Test func theCacheStepKeepsTheLatestRevisionOfEachNameAndOnlyWorkloadRolloutNames() throws {
        let dir = TemporaryDirectory()
        let names = ["workload-rollouts-f2/Deployment/prod/api", "workload-rollouts-f1/StatefulSet/db/pg"]
        do {
            // A format-3 layout: no caches database; caches (one of them at two revisions) and
            // projections, each with a checkpoint, in snapshots.
            let ledger = try dir.ledger()
            try ledger.append([TestEvents.pod("a")])
            let sum = [UInt8](repeating: 1, count: 32)
            try ledger.storeSnapshots(names[0], [(2, [2], sum), (9, [9], sum)])
            try ledger.storeSnapshots(names[1], [(4, [4], sum)])
            try ledger.storeSnapshots("workload-rollouts", [(6, [6], sum)])
            try ledger.storeSnapshots("pods", [(1, [1], sum)])
            try ledger.environment.write { txn in
                try txn.drop(ledger.caches)
                try txn.put(ledger.meta, key: LedgerNames.formatKey, value: [0, 0, 0, 3])
                let three = "0001-initial-layout\n0002-objects-by-uid\n0003-zstd-bodies"
                try txn.put(ledger.meta, key: LedgerNames.migrationsKey, value: Array(three.utf8))
            }
        }
        #expect(throws: LedgerError.formatMismatch(path: dir.file("store"), found: 3, expected: 5)) { try dir.ledger() }
        #expect(
            try LedgerMigrator.migrate(path: dir.file("store")).applied == ["0004-derived-caches", "0005-uid-runs"])
        let ledger = try dir.ledger()
        #expect(try ledger.cache(names[0]).map { [$0.revision] + $0.bytes.map(UInt64.init) } == [9, 9])
        #expect(try ledger.cache(names[1]).map { [$0.revision] + $0.bytes.map(UInt64.init) } == [4, 4])
        for name in names {
            #expect(try ledger.snapshotRevisions(name).isEmpty && ledger.checkpoint(name) == nil)
        }
        #expect(try ledger.snapshotRevisions("workload-rollouts") == [6])
        #expect(try ledger.checkpoint("workload-rollouts") != nil, "not a workload-rollouts- name")
        #expect(try ledger.snapshotRevisions("pods") == [1] && ledger.checkpoint("pods")?.revision == 1)
        #expect(try ledger.cache("pods") == nil && ledger.cache("workload-rollouts") == nil)
        #expect(try ledger.stats().entries["caches"] == 2)
        #expect(try ledger.verify().isValid)
    }

    // MARK: - Format 4: a `uids` entry per event

    static let format4ChainHead = "45fd5894392e754f79055838e79235843598d60e3193c57a612dfa995f3f8d4f"
    static let podUID = "7d0c5b1e-1111-4222-8333-444455556666"
    static func deploymentUID(_ n: Int) -> String { "3f1c2a9e-0000-4000-8000-00000000000\(n)" }

    @Test func aFormat4StoreIsRefusedAndKeepsAUIDEntryPerEvent() throws {
        let dir = TemporaryDirectory()
        try Self.load("format-4.mdb_dump.txt", into: dir.file("store"))
        let error = #expect(throws: LedgerError.self) { try Ledger(path: dir.file("store"), create: false) }
        #expect(error == .formatMismatch(path: dir.file("store"), found: 4, expected: Ledger.formatVersion))
        let uids = try #require(try Self.entries(dir.file("store"), ["uids"])["uids"] ?? nil)
        #expect(uids.count == 6 && uids.values.allSatisfy(\.isEmpty), "one empty entry per event with a uid")
    }

    @Test func theFormat4FixtureMigratesToUIDRunsWithTheSameChainAndAnswers() throws {
        let dir = TemporaryDirectory()
        try Self.load("format-4.mdb_dump.txt", into: dir.file("store"))
        let before = try Self.entries(dir.file("store"), ["events", "objects", "time", "ids", "actors"])
        let outcome = try LedgerMigrator.migrate(path: dir.file("store"))
        #expect(outcome.fromFormat == 4 && outcome.toFormat == 5 && outcome.applied == ["0005-uid-runs"])
        #expect(outcome.migrations == LedgerMigrator.allIdentifiers)
        #expect(try Self.entries(dir.file("store"), ["events", "objects", "time", "ids", "actors"]) == before)

        // Deployment web: three uids without a delete (1, 2, 5); pod web-abc12: created (3),
        // deleted (6), created again with the same uid (8); ConfigMap settings: no uid.
        let deployment = Array("apps/Deployment\0default\0web\0".utf8)
        let pod = Array("/Pod\0default\0web-abc12\0".utf8)
        let uids = try #require(try Self.entries(dir.file("store"), ["uids"])["uids"] ?? nil)
        #expect(
            uids == [
                LedgerKeys.uid(Self.deploymentUID(1), 1): deployment,
                LedgerKeys.uid(Self.deploymentUID(1), 2): [],
                LedgerKeys.uid(Self.deploymentUID(2), 2): deployment,
                LedgerKeys.uid(Self.deploymentUID(2), 5): [],
                LedgerKeys.uid(Self.deploymentUID(3), 5): deployment,
                LedgerKeys.uid(Self.podUID, 3): pod,
                LedgerKeys.uid(Self.podUID, 8): pod,
            ])

        let ledger = try Ledger(path: dir.file("store"), create: false)
        let report = try ledger.verify()
        #expect(report.isValid, "\(report.problem ?? "")")
        #expect(report.chainHead == Self.format4ChainHead)
        #expect(try ledger.stats().format == 5)
        #expect(try ledger.revisions(byUID: Self.deploymentUID(1)) == [1])
        #expect(try ledger.revisions(byUID: Self.deploymentUID(2)) == [2])
        #expect(try ledger.revisions(byUID: Self.deploymentUID(3)) == [5])
        #expect(try ledger.revisions(byUID: Self.podUID) == [3, 6, 8])
        #expect(try ledger.revisions(byUID: Self.podUID, from: 4, to: 7) == [6])
        // Appends after the migration keep the runs: the pod updated, the Deployment updated.
        var e = TestEvents.pod("web-abc12")
        e.object.uid = Self.podUID
        try ledger.append([e])
        #expect(try ledger.revisions(byUID: Self.podUID) == [3, 6, 8, 10])
        #expect(try ledger.verify().isValid)
        #expect(try LedgerMigrator.migrate(path: dir.file("store")).applied.isEmpty)
    }
}
