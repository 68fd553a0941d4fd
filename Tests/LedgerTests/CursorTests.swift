import Ledger
import LedgerTestSupport
import Testing

/// Recorder cursors live and die with the events of their transaction.
@Suite struct CursorTests {
    @Test func cursorsAreStoredWithTheEventsTheyCover() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        #expect(try ledger.cursors().isEmpty)
        try ledger.append([TestEvents.pod("a")], cursors: ["pods": "10", "deployments.apps": "7"])
        try ledger.append([TestEvents.pod("b")], cursors: ["pods": "11"])
        #expect(try ledger.cursors() == ["pods": "11", "deployments.apps": "7"])
        #expect(try ledger.lastRevision() == 2)
    }

    @Test func aBatchThatFailsStoresNeitherItsEventsNorItsCursors() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append([TestEvents.pod("a")], cursors: ["pods": "10"])
        var conflicting = TestEvents.pod("a")
        conflicting.expectation = .absent
        #expect(throws: LedgerError.self) {
            try ledger.append([TestEvents.pod("b"), conflicting], cursors: ["pods": "12"])
        }
        #expect(try ledger.cursors() == ["pods": "10"])
        #expect(try ledger.lastRevision() == 1)
    }

    @Test func aBookmarkAloneMovesTheCursorAndAddsNoRevision() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append([TestEvents.pod("a")], cursors: ["pods": "10"])
        try ledger.append([], cursors: ["pods": "15"])
        #expect(try ledger.cursors() == ["pods": "15"])
        #expect(try ledger.lastRevision() == 1)
        #expect(try ledger.verify().problem == nil)
    }
}
