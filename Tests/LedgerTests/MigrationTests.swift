import Foundation
@testable import Ledger
import LedgerLMDB
import LedgerTestSupport
import Testing

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
        #expect(outcome.fromFormat == 1 && outcome.toFormat == 3)
        #expect(outcome.applied == ["0002-objects-by-uid", "0003-zstd-bodies"])
        #expect(outcome.migrations == ["0001-initial-layout", "0002-objects-by-uid", "0003-zstd-bodies"])
        let ledger = try Ledger(path: dir.file("store"), create: false)
        let report = try ledger.verify()
        #expect(report.isValid, "\(report.problem ?? "")")
        #expect(report.chainHead == "4c587eb7a973d8a31c3ea473a9c96ce7d2915c1f7bc3471010698f418f034b83")
        #expect(try ledger.revisions(byUID: "7d0c5b1e-1111-4222-8333-444455556666") == [3, 6])
        #expect(try ledger.revisions(byUID: "3f1c2a9e-0000-4000-8000-000000000002") == [2])
        #expect(try ledger.stats().format == 3)
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
        #expect(outcome.applied == ["0002-objects-by-uid", "0003-zstd-bodies"])
        #expect(throws: LedgerError.self) { try Ledger(path: dir.file("store"), create: false) }
    }

    @Test func aNewerStoreIsRefused() throws {
        let dir = TemporaryDirectory()
        do {
            let ledger = try dir.ledger()
            try ledger.environment.write { txn in try txn.put(ledger.meta, key: LedgerNames.formatKey, value: [0, 0, 0, 9]) }
        }
        #expect(throws: LedgerError.formatMismatch(path: dir.file("store"), found: 9, expected: Ledger.formatVersion)) { try LedgerMigrator.migrate(path: dir.file("store")) }
        #expect(throws: LedgerError.formatMismatch(path: dir.file("store"), found: 9, expected: Ledger.formatVersion)) { try Ledger(path: dir.file("store"), create: false) }
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
        let migrations = try ledger.environment.read { txn in try txn.getBytes(ledger.meta, key: LedgerNames.migrationsKey) }
        #expect(migrations.map { String(decoding: $0, as: UTF8.self) } == "0001-initial-layout\n0002-objects-by-uid\n0003-zstd-bodies")
        #expect(try ledger.stats().format == 3)
    }
}
