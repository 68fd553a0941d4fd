import Foundation
import LedgerLMDB
import LedgerTestSupport
import Testing

@testable import Ledger

/// Single-byte flips in the records region of a real `data.mdb`: every one must be caught, by
/// `verify` or by the store refusing to open with an integrity error.
@Suite struct CorruptionTests {
    /// A closed store of small (inline), compressed (pod bodies as zstd frames) and large
    /// (overflow-page) records, written in one batch so
    /// each record's bytes occur exactly once in the file, and the file offsets of every record.
    static func makeStore(_ dir: TemporaryDirectory) throws -> (file: [UInt8], regions: [Range<Int>]) {
        var records: [[UInt8]] = []
        do {
            let ledger = try dir.ledger()
            var batch: [NewEvent] = []
            for i in 0..<12 {
                var e = TestEvents.pod("p\(i)", id: "id\(i)")
                if i % 3 == 1 { e.body = Array(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p\#(i)"}}"#.utf8) }
                if i % 3 == 2 {
                    // 3,000 bytes zstd cannot shrink: stored as they are, on an overflow page.
                    var x: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(i + 1)
                    e.body = (0..<3000).map { _ in
                        x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                        return UInt8(truncatingIfNeeded: x >> 33)
                    }
                }
                batch.append(e)
            }
            try ledger.append(batch)
            for r in 1...UInt64(batch.count) {
                records.append(
                    try ledger.environment.read { txn in
                        try #require(try txn.getBytes(ledger.events, key: LedgerKeys.revision(r)))
                    })
            }
        }
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.file("store/data.mdb"))))
        var regions: [Range<Int>] = []
        for rec in records {
            let found = Self.occurrences(of: rec, in: file)
            try #require(found.count == 1, "each record occurs once in data.mdb (found \(found.count))")
            regions.append(found[0]..<(found[0] + rec.count))
        }
        return (file, regions)
    }

    static func occurrences(of needle: [UInt8], in hay: [UInt8]) -> [Int] {
        guard needle.count <= hay.count else { return [] }
        var out: [Int] = []
        hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var i = 0
                while i <= h.count - n.count {
                    if h[i] == n[0], memcmp(h.baseAddress! + i, n.baseAddress!, n.count) == 0 { out.append(i) }
                    i += 1
                }
            }
        }
        return out
    }

    enum Outcome { case verifyFound, refusedToOpen, missed }

    /// Writes `file` with one byte flipped into a fresh store directory and checks it.
    static func trial(_ file: [UInt8], flip offset: Int, mask: UInt8, in dir: String) -> Outcome {
        var bytes = file
        bytes[offset] ^= mask
        _ = TemporaryDirectory.removeTree(dir)
        mkdir(dir, 0o700)
        FileManager.default.createFile(atPath: dir + "/data.mdb", contents: Data(bytes))
        do {
            let ledger = try Ledger(path: dir)
            return try ledger.verify().isValid ? .missed : .verifyFound
        } catch {
            return .refusedToOpen
        }
    }

    @Test func everySampledByteFlipInTheRecordsIsDetected() throws {
        let dir = TemporaryDirectory()
        let (file, regions) = try Self.makeStore(dir)
        let positions = regions.flatMap { Array($0) }
        // KUBELEDGER_CORRUPTION_ALL=1 flips every byte of every record (tools/crash docs); the
        // suite flips a random sample of 2,000.
        let all = ProcessInfo.processInfo.environment["KUBELEDGER_CORRUPTION_ALL"] == "1"
        var rng = SystemRandomNumberGenerator()
        let sample = all ? positions : (0..<2000).map { _ in positions.randomElement(using: &rng)! }
        var counts: [Outcome: Int] = [:]
        var missed: [Int] = []
        for (i, offset) in sample.enumerated() {
            let mask = UInt8(1 << (i % 8))
            let outcome = Self.trial(file, flip: offset, mask: mask, in: dir.file("trial"))
            counts[outcome, default: 0] += 1
            if outcome == .missed { missed.append(offset) }
        }
        let detected = (counts[.verifyFound] ?? 0) + (counts[.refusedToOpen] ?? 0)
        print(
            """
            corruption: \(sample.count) flips in \(positions.count) record bytes (\(regions.count) records): verify \
            found \(counts[.verifyFound] ?? 0), refused to open \(counts[.refusedToOpen] ?? 0), missed \(missed.count) \
            — \(String(format: "%.2f", 100.0 * Double(detected) / Double(sample.count)))% detected
            """
        )
        #expect(missed.isEmpty, "undetected flips at offsets \(missed.prefix(10))")
    }
}
