import LedgerLMDB
import LedgerTestSupport
import Testing

@testable import Ledger

/// Tampering with a closed store through raw LMDB, then checking `verify` names the first bad
/// revision.
@Suite struct VerifyTests {
    /// Builds a store of 10 events and closes it (bodies stored as they are, so tests can find
    /// and edit object bytes; CompressionTests covers compressed records).
    func makeStore(compressBodies: Bool = false) throws -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        do {
            let ledger = try dir.ledger(compressBodies: compressBodies)
            try ledger.append(
                (0..<10).map { TestEvents.pod("p\($0 % 4)", verb: $0 < 4 ? .create : .update, id: "id\($0)") })
            #expect(try ledger.verify().isValid)
        }
        return dir
    }

    /// Opens the closed store raw and runs `edit` in a write transaction.
    func tamper(_ dir: TemporaryDirectory, _ edit: (borrowing Transaction, [String: Database]) throws -> Void) throws {
        let env = try Environment(path: dir.file("store"))
        var dbs: [String: Database] = [:]
        for name in ["events", "objects", "time", "ids", "actors", "uids", "meta"] {
            dbs[name] = try env.openDatabase(named: name)
        }
        try env.write { txn in try edit(txn, dbs) }
    }

    func verify(_ dir: TemporaryDirectory) throws -> VerifyReport {
        let ledger = try Ledger(path: dir.file("store"), create: false)
        let report = try ledger.verify()
        // The parallel pass sees every problem (and hands over to the sequential pass, which
        // names it); on a valid store it gives the sequential pass's report.
        let fast = try ledger.environment.read { try ledger.verifyInParallel($0, progress: nil) }
        #expect((fast == nil) == !report.isValid)
        #expect(try ledger.verifySequentially() == report)
        if let fast { #expect(fast == report) }
        return report
    }

    func record(_ txn: borrowing Transaction, _ db: Database, _ r: UInt64) throws -> [UInt8] {
        try #require(try txn.getBytes(db, key: ByteEncoding.uint64(r)))
    }

    @Test(arguments: [false, true]) func aFlippedByteInARecordIsFound(compressed: Bool) throws {
        for offset in [0, 5, 40, 70, 200, 500, 1500] {
            let dir = try makeStore(compressBodies: compressed)
            try tamper(dir) { txn, dbs in
                var v = try record(txn, dbs["events"]!, 6)
                v[min(offset, v.count - 1)] ^= 0x01
                try txn.put(dbs["events"]!, key: ByteEncoding.uint64(6), value: v)
            }
            let report = try verify(dir)
            #expect(!report.isValid)
            #expect(report.firstBadRevision == 6, "offset \(offset): \(report.problem ?? "")")
        }
    }

    @Test func anEditedObjectWithARecomputedLocalHashBreaksTheChain() throws {
        let dir = try makeStore()
        try tamper(dir) { txn, dbs in
            var v = try record(txn, dbs["events"]!, 4)
            let i = try #require((68..<v.count).first { v[$0] == UInt8(ascii: "x") && v[$0 + 1] == UInt8(ascii: "x") })
            v[i] = UInt8(ascii: "y")
            let hash = v.withUnsafeBytes { RecordCodec.computeHash($0) }
            v.replaceSubrange((v.count - 32)..., with: hash)
            try txn.put(dbs["events"]!, key: ByteEncoding.uint64(4), value: v)
        }
        let report = try verify(dir)
        #expect(report.firstBadRevision == 5)
        #expect(report.problem?.contains("hash chain") == true)
    }

    @Test func aDeletedRecordIsFound() throws {
        let dir = try makeStore()
        try tamper(dir) { txn, dbs in try txn.delete(dbs["events"]!, key: ByteEncoding.uint64(3)) }
        let report = try verify(dir)
        #expect(report.firstBadRevision == 3)
        #expect(report.problem?.contains("missing") == true)
    }

    @Test func theLastRecordDeletedIsFoundThroughTheChainHead() throws {
        let dir = try makeStore()
        try tamper(dir) { txn, dbs in try txn.delete(dbs["events"]!, key: ByteEncoding.uint64(10)) }
        let report = try verify(dir)
        #expect(!report.isValid)
        #expect(report.firstBadRevision == 10)
    }

    @Test func reorderedRecordsAreFound() throws {
        let dir = try makeStore()
        try tamper(dir) { txn, dbs in
            let a = try record(txn, dbs["events"]!, 5)
            let b = try record(txn, dbs["events"]!, 6)
            try txn.put(dbs["events"]!, key: ByteEncoding.uint64(5), value: b)
            try txn.put(dbs["events"]!, key: ByteEncoding.uint64(6), value: a)
        }
        #expect(try verify(dir).firstBadRevision == 5)
    }

    @Test(arguments: ["objects", "time", "ids", "actors", "uids"])
    func aMissingIndexEntryIsFound(index: String) throws {
        let dir = try makeStore()
        try tamper(dir) { txn, dbs in
            let key: [UInt8] = try txn.withCursor(dbs[index]!) { c in
                var e = try c.first()
                for _ in 0..<2 { e = try c.next() }
                return Array(e!.key)
            }
            try txn.delete(dbs[index]!, key: key)
        }
        let report = try verify(dir)
        #expect(!report.isValid)
        #expect(report.problem?.contains(index) == true, "\(report.problem ?? "")")
    }

    @Test func anExtraIndexEntryIsFound() throws {
        let dir = try makeStore()
        try tamper(dir) { txn, dbs in try txn.put(dbs["ids"]!, key: Array("forged".utf8), value: ByteEncoding.uint64(2))
        }
        let report = try verify(dir)
        #expect(report.problem?.contains("ids index") == true)
    }

    @Test func theParallelPassAcceptsJoinsAndAmendmentsAsTheSequentialPassDoes() throws {
        let dir = TemporaryDirectory()
        do {
            let ledger = try dir.ledger()
            // Watch events without actors, joinable by uid + resourceVersion, over two chunks.
            let watched = (0..<3_000).map { i -> NewEvent in
                var e = TestEvents.pod("p\(i % 700)", verb: i < 700 ? .create : .update, actor: "", id: "")
                e.resourceVersion = "\(i + 1)"
                e.joinsSameObjectVersion = true
                e.source = .watch
                return e
            }
            try ledger.append(watched)
            // Audit records of most of them: provenance amendments with ids and actors.
            let audited = watched.prefix(2_000).map { e -> NewEvent in
                var a = e
                a.actor = "bob"
                a.source = .audit
                a.eventID = "audit-\(e.resourceVersion)"
                return a
            }
            #expect(try ledger.append(Array(audited)).joined == 2_000)
        }
        let report = try verify(dir)
        #expect(report.isValid, "\(report.problem ?? "")")
        #expect(report.eventsChecked == 3_000)
    }

    @Test func anEditedChainHeadIsFound() throws {
        let dir = try makeStore()
        try tamper(dir) { txn, dbs in
            var head = try #require(try txn.getBytes(dbs["meta"]!, key: Array("chainHead".utf8)))
            head[0] ^= 0xFF
            try txn.put(dbs["meta"]!, key: Array("chainHead".utf8), value: head)
        }
        #expect(try verify(dir).problem?.contains("chain head") == true)
    }
}
