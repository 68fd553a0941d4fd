import LedgerLMDB
import LedgerTestSupport
import Testing

@testable import Ledger

/// `verify --repair`: indexes and projection state rebuilt from an intact log; a damaged log refused.
@Suite struct RepairTests {
    func makeStore() throws -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append(
            (0..<10).map {
                TestEvents.pod(
                    "p\($0 % 4)", verb: $0 < 4 ? .create : .update, actor: $0 % 2 == 0 ? "alice" : "bob", id: "id\($0)")
            })
        try ledger.environment.write { txn in
            try txn.put(ledger.snapshots, key: LedgerKeys.revision(5), value: [1, 2, 3])
            try txn.put(ledger.checkpoints, key: Array("pods".utf8), value: LedgerKeys.revision(5))
        }
        try ledger.storeCache("workload-rollouts-f2/Deployment/default/web", revision: 5, bytes: [4, 5, 6])
        return dir
    }

    func raw(_ dir: TemporaryDirectory, _ edit: (borrowing Transaction, [String: Database]) throws -> Void) throws {
        let env = try Environment(path: dir.file("store"))
        var dbs: [String: Database] = [:]
        for name in ["events", "objects", "time", "ids", "actors", "uids", "meta"] {
            dbs[name] = try env.openDatabase(named: name)
        }
        try env.write { txn in try edit(txn, dbs) }
    }

    @Test(arguments: ["objects", "time", "ids", "actors", "uids"])
    func aDamagedIndexIsRebuiltFromTheLog(index: String) throws {
        let dir = try makeStore()
        try raw(dir) { txn, dbs in
            try txn.empty(dbs[index]!)
            try txn.put(dbs[index]!, key: Array("bogus".utf8), value: [9])
        }
        let ledger = try Ledger(path: dir.file("store"), create: false)
        let before = try ledger.verify()
        #expect(!before.isValid)
        let report = try ledger.repairIndexes()
        #expect(report.events == 10)
        // uids: one run per pod (format 5).
        #expect(report.entries == ["objects": 10, "time": 10, "ids": 10, "actors": 10, "uids": 4])
        #expect(report.droppedSnapshots == 1 && report.droppedCheckpoints == 1 && report.droppedCaches == 1)
        #expect(try ledger.verify().isValid)
        #expect(try ledger.cache("workload-rollouts-f2/Deployment/default/web") == nil)
        #expect(
            try ledger.environment.read { txn in
                try txn.stat(ledger.snapshots).entries + txn.stat(ledger.checkpoints).entries
            } == 0)
        #expect(try ledger.revisions(byActor: "alice").count == 5)
    }

    @Test func aDamagedLogIsRefusedAndNothingChanges() throws {
        let dir = try makeStore()
        try raw(dir) { txn, dbs in
            var v = try #require(try txn.getBytes(dbs["events"]!, key: LedgerKeys.revision(7)))
            v[100] ^= 0xFF
            try txn.put(dbs["events"]!, key: LedgerKeys.revision(7), value: v)
            try txn.empty(dbs["time"]!)
        }
        let ledger = try Ledger(path: dir.file("store"), create: false)
        #expect(throws: LedgerError.logDamaged(revision: 7, reason: "record bytes do not match their hash")) {
            try ledger.repairIndexes()
        }
        // Nothing changed: the time index is still empty, the snapshot still there.
        #expect(try ledger.environment.read { txn in try txn.stat(ledger.time).entries } == 0)
        #expect(try ledger.environment.read { txn in try txn.stat(ledger.snapshots).entries } == 1)
        #expect(try ledger.cache("workload-rollouts-f2/Deployment/default/web")?.bytes == [4, 5, 6])
    }

    @Test func aRemovedTailRecordIsRefused() throws {
        let dir = try makeStore()
        try raw(dir) { txn, dbs in try txn.delete(dbs["events"]!, key: LedgerKeys.revision(10)) }
        let ledger = try Ledger(path: dir.file("store"), create: false)
        #expect(throws: LedgerError.self) { try ledger.repairIndexes() }
    }
}
