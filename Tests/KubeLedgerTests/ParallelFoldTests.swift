import LedgerTestSupport
import Testing

@testable import KubeLedger
@testable import Ledger

/// The rebuild reads, decodes and picks events on every core while it folds in order
/// (`Ledger.scanPrepared`, `PreparedEvent`): it must give the states a sequential fold gives.
@Suite struct ParallelFoldTests {
    /// A store holding a generated cluster history of `count` events.
    static func generatedStore(_ dir: TemporaryDirectory, count: Int) throws -> Ledger {
        let ledger = try dir.ledger()
        try LiveObjectsProjectionTests.appendGenerated(ledger, count: count, seed: 17)
        return ledger
    }

    @Test func `the prepared scan visits the events the plain scan visits, in order, chunk size aside`() throws {
        let dir = TemporaryDirectory()
        let ledger = try Self.generatedStore(dir, count: 1_500)
        var plain: [RecordedEvent] = []
        try ledger.scan(EventFilter()) {
            plain.append($0)
            return true
        }
        for chunk in [1, 7, 1_024, 5_000] {
            var prepared: [RecordedEvent] = []
            try ledger.scanPrepared(from: 1, to: .max, chunk: chunk, prepare: { $0 }) {
                prepared.append($0)
                return true
            }
            #expect(prepared == plain, "chunk \(chunk)")
        }
        // A range, without bodies, and stopping early.
        var headers: [UInt64] = []
        try ledger.scanPrepared(from: 100, to: 400, includeBody: false, chunk: 64, prepare: { $0 }) { e in
            #expect(e.body == nil || e.body == [])
            headers.append(e.revision)
            return e.revision < 300
        }
        #expect(headers == Array(100...300))
    }

    @Test func `a rebuild stores the states and checksums of a sequential fold at every snapshot`() throws {
        let dir = TemporaryDirectory()
        let ledger = try Self.generatedStore(dir, count: 6_000)
        let store = ProjectionStore(ledger: ledger, interval: 1_000)
        #expect(try store.rebuild() == 6_000)
        var set = ClusterProjections()
        let types = ProjectionRegistry.standard.types
        var compared = 0
        try ledger.scan(EventFilter()) { e in
            set.apply(e)
            guard e.revision % 1_000 == 0 || e.revision == 6_000 else { return true }
            for (i, type) in types.enumerated() {
                let snap = try #require(try ledger.snapshot(type.name, atOrBefore: e.revision))
                #expect(snap.revision == e.revision)
                #expect(snap.bytes == set.states[i].encoded(), "\(type.name) at \(e.revision)")
                compared += 1
            }
            return true
        }
        #expect(compared == 6 * types.count)
        for (i, type) in types.enumerated() {
            #expect(try ledger.checkpoint(type.name)?.checksum == set.states[i].checksum)
        }
        #expect(try store.verify() == nil)
    }
}
