import LedgerLMDB
import LedgerTestSupport
import Testing

@testable import Ledger

/// The `uids` index of format 5 (``UIDRuns``): one entry where a uid's run on an object begins
/// and one where it ends without a delete; `revisions(byUID:)` answers as the per-event index did.
@Suite struct UIDRunTests {
    func event(_ name: String, uid: String, verb: Verb = .update, kind: String = "Pod") -> NewEvent {
        var e = TestEvents.pod(name, verb: verb)
        e.object.kind = kind
        e.object.uid = uid
        return e
    }

    func uidEntries(_ ledger: Ledger) throws -> [[UInt8]: [UInt8]] {
        try ledger.environment.read { txn in
            try txn.withCursor(ledger.uids) { c in
                var all: [[UInt8]: [UInt8]] = [:]
                var e = try c.first()
                while let en = e {
                    all[Array(en.key)] = Array(en.value)
                    e = try c.next()
                }
                return all
            }
        }
    }

    @Test func aLifecycleIsOneEntryAndItsEventsAreFound() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append([event("a", uid: "u1", verb: .create), event("b", uid: "u2", verb: .create)])
        try ledger.append((0..<5).map { _ in event("a", uid: "u1") } + [event("a", uid: "u1", verb: .delete)])
        try ledger.append([event("a", uid: "u3", verb: .create), event("b", uid: "u2")])
        #expect(try ledger.revisions(byUID: "u1") == [1, 3, 4, 5, 6, 7, 8])
        #expect(try ledger.revisions(byUID: "u1", from: 4, to: 6) == [4, 5, 6])
        #expect(try ledger.revisions(byUID: "u2") == [2, 10])
        #expect(try ledger.revisions(byUID: "u3") == [9])
        #expect(try ledger.revisions(byUID: "u") == [] && ledger.revisions(byUID: "") == [])
        #expect(try uidEntries(ledger).count == 3, "one start per lifecycle, no end (the delete ends it)")
        #expect(try ledger.verify().isValid)
    }

    @Test func aUIDChangeWithoutADeleteEndsTheRun() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        // A missed delete: u1 then u2 on the same name; an event without uid; u1 again.
        try ledger.append([event("a", uid: "u1", verb: .create), event("a", uid: "u1")])
        try ledger.append([event("a", uid: "u2"), event("a", uid: "u2"), event("a", uid: "")])
        try ledger.append([event("a", uid: "u1"), event("a", uid: "u1", verb: .delete)])
        #expect(try ledger.revisions(byUID: "u1") == [1, 2, 6, 7])
        #expect(try ledger.revisions(byUID: "u2") == [3, 4])
        #expect(try ledger.revisions(byUID: "u1", from: 3) == [6, 7])
        #expect(try ledger.revisions(byUID: "u1", to: 5) == [1, 2])
        let prefix = Array("/Pod\0default\0a\0".utf8)
        #expect(
            try uidEntries(ledger) == [
                LedgerKeys.uid("u1", 1): prefix, LedgerKeys.uid("u1", 3): [], LedgerKeys.uid("u2", 3): prefix,
                LedgerKeys.uid("u2", 5): [], LedgerKeys.uid("u1", 6): prefix,
            ])
        #expect(try ledger.verify().isValid)
    }

    @Test func theSameUIDOnTwoObjectsAndASameUIDAfterADelete() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        // Odd input: one uid under two kinds, interleaved; a late update after the delete.
        try ledger.append([
            event("a", uid: "u", verb: .create), event("a", uid: "u", kind: "ConfigMap"), event("a", uid: "u"),
            event("a", uid: "u", kind: "ConfigMap"), event("a", uid: "u", verb: .delete), event("a", uid: "u"),
        ])
        #expect(try ledger.revisions(byUID: "u") == [1, 2, 3, 4, 5, 6])
        #expect(try ledger.revisions(byUID: "u", from: 2, to: 5) == [2, 3, 4, 5])
        #expect(try uidEntries(ledger).count == 3, "the pod at 1 and 6, the ConfigMap at 2")
        #expect(try ledger.verify().isValid)
    }

    @Test func repairWritesTheEntriesAppendWrote() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append([event("a", uid: "u1", verb: .create), event("b", uid: "v", verb: .create)])
        try ledger.append([event("a", uid: "u2"), event("a", uid: ""), event("b", uid: "v", verb: .delete)])
        try ledger.append([event("b", uid: "v", verb: .create), event("a", uid: "u2")])
        let written = try uidEntries(ledger)
        let report = try ledger.repairIndexes()
        #expect(report.entries["uids"] == written.count)
        #expect(try uidEntries(ledger) == written)
        #expect(try ledger.verify().isValid)
    }

    @Test func verifyFindsAnEntryWithTheWrongObjectAndAMissingEnd() throws {
        for damage in ["value", "end"] {
            let dir = TemporaryDirectory()
            do {
                let ledger = try dir.ledger()
                try ledger.append([event("a", uid: "u1", verb: .create), event("a", uid: "u2")])
                try ledger.environment.write { txn in
                    if damage == "value" {
                        try txn.put(ledger.uids, key: LedgerKeys.uid("u1", 1), value: Array("/Pod\0default\0b\0".utf8))
                    } else {
                        try txn.delete(ledger.uids, key: LedgerKeys.uid("u1", 2))
                    }
                }
            }
            let report = try Ledger(path: dir.file("store"), create: false).verify()
            #expect(report.firstBadRevision == (damage == "value" ? 1 : 2), "\(report.problem ?? "")")
            #expect(report.problem?.contains("uids index") == true)
        }
    }

    @Test func theUIDShortcutAgreesWithTheDecoderOnDamagedRecords() throws {
        // The fuzz entry point (tools/fuzz/FuzzRecordDecoder) traps when `RecordCodec.uidRange`
        // and the decoder disagree: every truncation and many bit flips of real records.
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append([event("a", uid: "7d0c5b1e-1111", verb: .create), event("b", uid: "")])
        for r: UInt64 in [1, 2] {
            let record = try #require(
                try ledger.environment.read { txn in try txn.getBytes(ledger.events, key: LedgerKeys.revision(r)) })
            #expect(record.withUnsafeBytes { _LedgerFuzzing.decodeRecord($0) })
            for n in 0..<record.count { _ = record[0..<n].withUnsafeBytes { _LedgerFuzzing.decodeRecord($0) } }
            for bit in stride(from: 0, to: min(record.count, 200) * 8, by: 3) {
                var damaged = record
                damaged[bit / 8] ^= UInt8(1 << (bit % 8))
                _ = damaged.withUnsafeBytes { _LedgerFuzzing.decodeRecord($0) }
            }
        }
    }
}
