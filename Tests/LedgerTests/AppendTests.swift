import Ledger
import LedgerLMDB
import LedgerTestSupport
import Testing

@Suite struct AppendTests {
    @Test func revisionsStartAtOneAndHaveNoGaps() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let r1 = try ledger.append([TestEvents.pod("a"), TestEvents.pod("b")])
        let r2 = try ledger.append([TestEvents.pod("c")])
        #expect(r1.firstRevision == 1 && r1.lastRevision == 2)
        #expect(r2.firstRevision == 3 && r2.lastRevision == 3)
        #expect(try ledger.lastRevision() == 3)
        for r: UInt64 in 1...3 { #expect(try ledger.event(at: r)?.revision == r) }
    }

    @Test func objectVersionsCountPerObject() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append([TestEvents.pod("a"), TestEvents.pod("b"), TestEvents.pod("a", verb: .update)])
        try ledger.append([TestEvents.pod("a", verb: .delete), TestEvents.pod("a")])
        let versions = try ledger.history(of: TestEvents.pod("a").object.key).map(\.version)
        #expect(versions == [1, 2, 3, 4])
        #expect(try ledger.event(at: 2)?.objectVersion == 1)
    }

    @Test func theStoredObjectIsTheInputBytesExactly() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let e = TestEvents.pod("a")
        try ledger.append([e])
        let stored = try #require(try ledger.event(at: 1))
        #expect(stored.body == e.body)
        #expect(stored.actor == "alice")
        #expect(stored.object == e.object)
        #expect(stored.occurredAt == e.occurredAt)
    }

    @Test func anEventWhoseIDIsStoredIsSkippedNotStoredTwice() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let first = try ledger.append([TestEvents.pod("a", id: "x1"), TestEvents.pod("b", id: "x2")])
        let again = try ledger.append([
            TestEvents.pod("a", id: "x1"), TestEvents.pod("c", id: "x3"), TestEvents.pod("c", id: "x3"),
        ])
        #expect(first.appended == 2)
        #expect(again.appended == 1 && again.skipped == 2)
        #expect(again.revisions == [nil, 3, nil])
        #expect(try ledger.revision(forEventID: "x3") == 3)
        #expect(try ledger.lastRevision() == 3)
    }

    @Test func expectAbsentFailsWithConflictAndStoresNothing() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append([TestEvents.pod("a")])
        let error = #expect(throws: LedgerError.self) {
            try ledger.append([TestEvents.pod("b"), TestEvents.pod("a", expectation: .absent)])
        }
        if case .wrongExpectedVersion(_, _, let actual, let exists)? = error {
            #expect(actual == 1 && exists)
        } else {
            Issue.record("expected wrongExpectedVersion, got \(String(describing: error))")
        }
        #expect(try ledger.lastRevision() == 1, "the batch must be all or nothing")
        #expect(try ledger.verify().isValid)
    }

    @Test func expectAbsentSucceedsAfterADelete() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append([TestEvents.pod("a"), TestEvents.pod("a", verb: .delete)])
        try ledger.append([TestEvents.pod("a", expectation: .absent)])
        #expect(try ledger.lastRevision() == 3)
    }

    @Test func expectVersionChecksTheCurrentVersionIncludingEarlierEventsOfTheBatch() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append([TestEvents.pod("a")])
        try ledger.append([
            TestEvents.pod("a", verb: .update, expectation: .exact(1)),
            TestEvents.pod("a", verb: .update, expectation: .exact(2)),
        ])
        #expect(throws: LedgerError.self) {
            try ledger.append([TestEvents.pod("a", verb: .update, expectation: .exact(2))])
        }
        #expect(try ledger.lastRevision() == 3)
    }

    @Test func inferredVerbIsCreateWhenAbsentAndUpdateWhenPresent() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        var e = TestEvents.pod("a", verb: .patch)
        e.infersVerb = true
        try ledger.append([e, e])
        try ledger.append([TestEvents.pod("a", verb: .delete), e])
        #expect(try (1...4).map { try ledger.event(at: $0)!.verb } == [.create, .update, .delete, .create])
    }

    @Test func tooLongIDIsRejectedBeforeAnythingIsWritten() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        #expect(throws: LedgerError.self) {
            try ledger.append([TestEvents.pod("a", id: String(repeating: "x", count: 600))])
        }
        #expect(try ledger.lastRevision() == 0)
    }

    @Test func largeBatchesGrowTheMapAndStayConsistent() throws {
        let dir = TemporaryDirectory()
        var options = Ledger.Options()
        options.create = true
        options.environment.mapSize = 1 << 20
        let ledger = try Ledger(path: dir.file("store"), options: options)
        let batch = (0..<2000).map { TestEvents.pod("p\($0)") }
        let r = try ledger.append(batch)
        #expect(r.appended == 2000)
        #expect(try ledger.verify().isValid)
    }
}
