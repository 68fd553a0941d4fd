import Foundation
import LedgerLMDB
import LedgerTestSupport
import Testing

@testable import Ledger

/// Object bodies stored as zstd frames (format 3): transparent to readers, invisible to the
/// hash chain, and safe against damaged frames.
@Suite struct CompressionTests {
    /// A real Pod (the benchmark's, from the must-gather corpus), varied per event.
    static let podJSON: [UInt8] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../tools/bench/Fixtures/pod.json")
        return Array((try? Data(contentsOf: url)) ?? Data(TestEvents.podBody(name: "fallback")))
    }()

    static func events(_ n: Int) -> [NewEvent] {
        (0..<n).map { i in
            var e = TestEvents.pod("p\(i % 7)", verb: i < 7 ? .create : .update, id: "id-\(i)")
            e.body = Array(
                String(decoding: podJSON, as: UTF8.self).replacingOccurrences(
                    of: "console-6b45f48495-9248b", with: "p\(i % 7)"
                ).utf8)
            return e
        }
    }

    func rawRecord(_ dir: TemporaryDirectory, _ r: UInt64) throws -> [UInt8] {
        let env = try Environment(path: dir.file("store"))
        let events = try env.openDatabase(named: "events")
        return try #require(try env.read { txn in try txn.getBytes(events, key: LedgerKeys.revision(r)) })
    }

    @Test func bodiesAreStoredCompressedAndReadBackByteForByte() throws {
        let dir = TemporaryDirectory()
        let batch = Self.events(20)
        do {
            let ledger = try dir.ledger()
            try ledger.append(batch)
            for (i, e) in batch.enumerated() {
                let stored = try #require(try ledger.event(at: UInt64(i + 1)))
                #expect(stored.body == e.body)
                let viaView = try ledger.withBody(at: UInt64(i + 1)) { $0.map { Array($0) } }
                #expect(viaView == e.body)
            }
            var seen = 0
            try ledger.scan { e in
                #expect(e.body == batch[Int(e.revision) - 1].body)
                seen += 1
                return true
            }
            #expect(seen == 20)
            #expect(try ledger.verify().isValid)
        }
        let record = try rawRecord(dir, 3)
        #expect(record.withUnsafeBytes { RecordCodec.isCompressed($0) })
        // A 3 KB Pod takes a fraction of its size (the dictionary knows Kubernetes' field names).
        #expect(record.count < batch[2].body!.count / 3, "record is \(record.count) bytes")
    }

    @Test func theChainIsTheSameWithAndWithoutCompression() throws {
        let dir = TemporaryDirectory()
        // 150 events: large enough for the parallel compression path (BodyCompressor.frames).
        let batch = Self.events(150)
        let at = Timestamp(nanoseconds: 1_800_000_000_000_000_000)
        let plain = try dir.ledger("plain", compressBodies: false)
        let packed = try dir.ledger("packed")
        try plain.append(batch, recordedAt: at)
        try packed.append(batch, recordedAt: at)
        let a = try plain.verify()
        let b = try packed.verify()
        #expect(a.isValid && b.isValid)
        #expect(a.chainHead == b.chainHead)
        #expect(try plain.event(at: 17)?.hash == packed.event(at: 17)?.hash)
        for r in stride(from: UInt64(1), through: 150, by: 7) {
            #expect(try packed.event(at: r)?.body == batch[Int(r) - 1].body)
        }
        // Mixed stores (compression switched on later, or an older store migrated) verify too.
        let reopened = try dir.ledger("plain")
        try reopened.append(
            Self.events(5).map {
                var e = $0
                e.eventID += "-more"
                return e
            })
        #expect(try reopened.verify().isValid)
    }

    @Test func shortBodiesAndBodilessEventsAreStoredAsTheyAre() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        var short = TestEvents.pod("s")
        short.body = Array(#"{"kind":"Pod","metadata":{"name":"s"}}"#.utf8)
        var none = TestEvents.pod("n")
        none.body = nil
        try ledger.append([short, none])
        #expect(try ledger.event(at: 1)?.body == short.body)
        #expect(try ledger.event(at: 2)?.body == nil)
        #expect(try rawRecord(dir, 1).withUnsafeBytes { RecordCodec.isCompressed($0) } == false)
        #expect(try ledger.verify().isValid)
    }

    @Test func aDamagedFrameIsReportedNeverCrashes() throws {
        let dir = TemporaryDirectory()
        do { try dir.ledger().append(Self.events(3)) }
        let clean = try rawRecord(dir, 2)
        let body = try #require(clean.withUnsafeBytes { RecordCodec.bodyRange($0) })
        // Every byte of the frame, flipped one at a time: reads throw corruptRecord or (where
        // zstd cannot tell) give other bytes that verify catches; nothing crashes.
        var caught = 0
        for offset in stride(from: body.lowerBound, to: body.upperBound, by: 7) {
            var damaged = clean
            damaged[offset] ^= 0x5A
            let decoded = damaged.withUnsafeBytes { try? RecordCodec.decode($0) }
            let hashOK = damaged.withUnsafeBytes {
                RecordCodec.computeHash($0).elementsEqual(RecordCodec.storedHash($0))
            }
            #expect(!hashOK, "a flip at \(offset) went unnoticed")
            if decoded == nil { caught += 1 }
        }
        #expect(caught > 0)
        // Through the store: verify names the revision.
        let env = try Environment(path: dir.file("store"))
        let events = try env.openDatabase(named: "events")
        var damaged = clean
        damaged[body.lowerBound + 20] ^= 0xFF
        try env.write { txn in try txn.put(events, key: LedgerKeys.revision(2), value: damaged) }
        let report = try Ledger(path: dir.file("store"), create: false).verify()
        #expect(!report.isValid && report.firstBadRevision == 2)
    }

    @Test func aFrameClaimingAHugeSizeIsRefusedBeforeAllocating() throws {
        // A frame header declaring 1 TiB of content (single-segment flag, 8-byte size).
        var frame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xE0]
        frame += withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { Array($0) }
        frame += [0x01, 0x00, 0x00]
        let error = frame.withUnsafeBytes { b in
            #expect(throws: BodyDecompressionError.self) { try BodyCompressor.decompress(b) }
        }
        #expect(error?.reason.contains("limit") == true, "\(error?.reason ?? "")")
    }

    @Test func aFormat2StoreMigratesInstantlyAndKeepsItsRecords() throws {
        let dir = TemporaryDirectory()
        let before: String
        do {
            let ledger = try dir.ledger(compressBodies: false)
            try ledger.append(Self.events(10))
            before = try ledger.verify().chainHead
            try ledger.environment.write { txn in
                try txn.put(ledger.meta, key: LedgerNames.formatKey, value: [0, 0, 0, 2])
                try txn.put(
                    ledger.meta, key: LedgerNames.migrationsKey,
                    value: Array("0001-initial-layout\n0002-objects-by-uid".utf8))
            }
        }
        #expect(throws: LedgerError.formatMismatch(path: dir.file("store"), found: 2, expected: 5)) { try dir.ledger() }
        let outcome = try LedgerMigrator.migrate(path: dir.file("store"))
        #expect(
            outcome.applied == ["0003-zstd-bodies", "0004-derived-caches", "0005-uid-runs"] && outcome.toFormat == 5)
        let ledger = try dir.ledger()
        #expect(try ledger.verify().chainHead == before)
        try ledger.append(
            Self.events(3).map {
                var e = $0
                e.eventID += "-after"
                return e
            })
        #expect(try rawRecord(dir, 1).withUnsafeBytes { RecordCodec.isCompressed($0) } == false)
        #expect(try rawRecord(dir, 12).withUnsafeBytes { RecordCodec.isCompressed($0) })
        #expect(try ledger.verify().isValid)
        #expect(try ledger.event(at: 12)?.body == Self.events(3)[1].body)
    }
}
