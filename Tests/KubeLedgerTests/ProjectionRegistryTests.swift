import KubeLedger
import Ledger
import LedgerTestSupport
import Testing

/// A projection added through the registry alone: no other file names it.
///
/// It counts the events of each verb; its snapshot is the four counts and its revision.
struct VerbCountProjection: Projection, Equatable {
    static let name = "test-verb-counts"
    var counts: [UInt64] = [0, 0, 0, 0]
    var lastRevision: UInt64 = 0

    init() {}

    mutating func apply(_ event: RecordedEvent) {
        guard event.revision > lastRevision else { return }
        lastRevision = event.revision
        counts[Int(event.verb.rawValue) % 4] += 1
    }

    static var readsBodies: Bool { false }

    func encoded() -> [UInt8] {
        ([lastRevision] + counts).flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * $0)) } }
    }

    init(decoding bytes: [UInt8]) throws {
        guard bytes.count == 40 else {
            throw ProjectionDecodingError(projection: Self.name, message: "\(bytes.count) bytes, expected 40")
        }
        let words = (0..<5).map { i in bytes[i * 8..<i * 8 + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        lastRevision = words[0]
        counts = Array(words[1...])
    }
}

@Suite struct ProjectionRegistryTests {
    let registry = ProjectionRegistry(ProjectionRegistry.standard.types + [VerbCountProjection.self])

    func events(_ n: Int) -> [NewEvent] {
        (0..<n).map { (i: Int) -> NewEvent in
            let verb: Verb = i % 7 == 6 ? .delete : (i % 3 == 0 ? .create : .update)
            let name = "p\(i % 50)"
            let time = Timestamp(nanoseconds: 1_800_000_000_000_000_000 + Int64(i) * 1_000_000)
            return NewEvent(
                verb: verb, object: ObjectReference(apiVersion: "v1", kind: "Pod", namespace: "default", name: name),
                occurredAt: time, body: TestEvents.podBody(name: name, padding: 10))
        }
    }

    @Test func `a toy projection in the registry is folded, snapshotted and verified like the standard ones`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append(events(2_345))
        let store = ProjectionStore(ledger: ledger, interval: 500, registry: registry)
        try store.catchUp(snapshotHead: true)
        // Snapshotted every K and at the head, with a checkpoint, as every projection is.
        #expect(try ledger.snapshotRevisions(VerbCountProjection.name) == [500, 1_000, 1_500, 2_000, 2_345])
        #expect(try ledger.checkpoint(VerbCountProjection.name)?.revision == 2_345)
        // Folded: its state at a revision is the count of the events up to it.
        let state = try store.state(VerbCountProjection.self, at: 1_234)
        #expect(state.lastRevision == 1_234)
        #expect(state.counts.reduce(0, +) == 1_234)
        var direct = VerbCountProjection()
        try ledger.scan(EventFilter()) { e in
            direct.apply(e)
            return true
        }
        #expect(try store.state(VerbCountProjection.self, at: 2_345) == direct)
        // Verified: `replay --verify` rebuilds it from revision 1 with the others.
        #expect(try store.verify() == nil)
        // A damaged snapshot of it is found.
        var damaged = direct
        damaged.counts[0] += 1
        try ledger.storeSnapshots(VerbCountProjection.name, [(2_345, damaged.encoded(), damaged.checksum)])
        let mismatch = try #require(try store.verify())
        #expect(mismatch.projection == VerbCountProjection.name && mismatch.revision == 2_345)
    }

    @Test func `a set folds and restores the registry's projections by name`() throws {
        var set = ClusterProjections(registry: registry)
        let recorded = events(300).enumerated().map { i, e in
            RecordedEvent(
                revision: UInt64(i + 1), recordedAt: e.occurredAt, objectVersion: 1, verb: e.verb, object: e.object,
                occurredAt: e.occurredAt, body: e.body)
        }
        for e in recorded { set.apply(e) }
        #expect(set[VerbCountProjection.self]?.counts.reduce(0, +) == 300)
        #expect(set.checksums.map(\.name).last == VerbCountProjection.name)
        let restored = try ClusterProjections(decoding: set.encoded(), registry: registry)
        #expect(restored == set)
        // The standard registry does not read a snapshot of another registry.
        #expect(throws: ProjectionDecodingError.self) { try ClusterProjections(decoding: set.encoded()) }
    }
}
