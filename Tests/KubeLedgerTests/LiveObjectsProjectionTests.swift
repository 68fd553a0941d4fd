import KubeLedgerGenerator
import LedgerTestSupport
import Testing

@testable import KubeLedger
@testable import Ledger

@Suite struct LiveObjectsProjectionTests {
    // MARK: - Fixtures

    static func pod(_ name: String, namespace: String = "default", uid: String = "") -> ObjectReference {
        ObjectReference(apiVersion: "v1", kind: "Pod", namespace: namespace, name: name, uid: uid)
    }

    static func event(_ verb: Verb, _ ref: ObjectReference, at second: Int64) -> NewEvent {
        NewEvent(
            verb: verb, object: ref, occurredAt: Timestamp(nanoseconds: second * 1_000_000_000),
            body: Array(#"{"kind":"\#(ref.kind)"}"#.utf8))
    }

    /// Appends `count` events of a generated cluster history, in batches.
    static func appendGenerated(_ ledger: Ledger, count: Int, seed: UInt64) throws {
        var options = GeneratorOptions(events: count, seed: seed)
        options.start = GeneratorOptions.defaultStart
        var batch: [NewEvent] = []
        for g in HistoryGenerator(options) {
            batch.append(
                NewEvent(
                    verb: Verb(name: g.verb) ?? .update,
                    object: ObjectReference(
                        apiVersion: g.apiVersion, kind: g.kind, namespace: g.namespace ?? "", name: g.name, uid: g.uid),
                    subresource: g.subresource ?? "", resourceVersion: g.resourceVersion,
                    occurredAt: Timestamp(nanoseconds: g.occurredAtNanos),
                    actor: g.actor, source: .audit, eventID: g.auditID, body: g.object))
            if batch.count == 500 {
                try ledger.append(batch)
                batch.removeAll()
            }
        }
        if !batch.isEmpty { try ledger.append(batch) }
    }

    /// What walking the `objects` index gives: the reference answer.
    static func walk(
        _ ledger: Ledger, groupKind: String? = nil, namespace: String? = nil, at r: UInt64
    ) throws -> [String] {
        try ledger.liveObjects(groupKind: groupKind, namespace: namespace, atOrBefore: r)
            .filter { namespace == nil || $0.key.namespace == namespace }
            .map { "\($0.key) @\($0.entry.revision) v\($0.entry.version)" }
    }

    static func readModel(
        _ store: ProjectionStore, groupKind: String? = nil, namespace: String? = nil, at r: UInt64
    ) throws -> [String]? {
        try store.liveObjects(groupKind: groupKind, namespace: namespace, at: r)?.map {
            "\($0.key) @\($0.entry.revision) v\($0.entry.version)"
        }
    }

    // MARK: - The fold and its snapshot

    @Test func `creates, updates and patches set an object, a delete removes it, a re-create brings it back`() {
        var s = Scenario()
        s.add(.create, Self.pod("a"), body: nil)
        s.add(.create, Self.pod("b"), body: nil)
        s.add(.patch, Self.pod("a"), body: nil)
        s.add(.delete, Self.pod("a"), body: nil)
        s.add(.update, Self.pod("b"), body: nil)
        s.add(.create, Self.pod("a", uid: "second"), body: nil)
        s.add(.delete, Self.pod("c"), body: nil)  // a delete of an unknown object changes nothing
        let live = s.fold(LiveObjectsProjection.self)
        #expect(live.lastRevision == 7)
        #expect(live.entries().map { "\($0.key.name)@\($0.entry.revision)" } == ["a@6", "b@5"])
        var replayed = live
        replayed.apply(s.events[3])  // at or below lastRevision: ignored
        #expect(replayed == live)
    }

    @Test func `a snapshot round-trips with an equal checksum, whatever order the objects came in`() throws {
        let s = ClusterProjectionsTests().scenario()
        let live = s.fold(LiveObjectsProjection.self)
        #expect(!live.objects.isEmpty)
        let restored = try LiveObjectsProjection(decoding: live.encoded())
        #expect(restored == live)
        #expect(restored.encoded() == live.encoded())
        #expect(restored.checksum == live.checksum && live.checksum.count == 32)
        #expect(LiveObjectsProjection().checksum != live.checksum)
        // The same map built in reverse order encodes to the same bytes.
        var reversed = LiveObjectsProjection()
        for (key, entry) in live.objects.sorted(by: { $1.key.lexicographicallyPrecedes($0.key) }) {
            reversed.objects[key] = entry
        }
        reversed.lastRevision = live.lastRevision
        #expect(reversed.encoded() == live.encoded())
        #expect(reversed.checksum == live.checksum)
        // Folding on from a restored snapshot equals folding straight through.
        var resumed = try LiveObjectsProjection(
            decoding: s.events.prefix(6).reduce(into: LiveObjectsProjection()) { $0.apply($1) }.encoded())
        for e in s.events { resumed.apply(e) }
        #expect(resumed == live)
    }

    @Test func `damaged or foreign bytes throw a decoding error and never crash`() throws {
        var s = Scenario()
        for i in 0..<40 {
            s.add(i % 7 == 6 ? .delete : .create, Self.pod("pod-\(i % 30)", namespace: "ns-\(i % 3)"), body: nil)
        }
        let good = s.fold(LiveObjectsProjection.self).encoded()
        for n in 0..<good.count {
            #expect(throws: ProjectionDecodingError.self) { try LiveObjectsProjection(decoding: Array(good.prefix(n))) }
        }
        #expect(throws: ProjectionDecodingError.self) { try LiveObjectsProjection(decoding: good + [0]) }
        #expect(throws: ProjectionDecodingError.self) {
            try LiveObjectsProjection(decoding: PodsProjection().encoded())
        }
        // Every single-byte change either throws ProjectionDecodingError or decodes to something
        // that encodes back to valid bytes.
        for i in good.indices {
            for v: UInt8 in [0, 1, 0x7F, 0x80, 0xFF, good[i] ^ 0x20] {
                var bad = good
                bad[i] = v
                do {
                    let p = try LiveObjectsProjection(decoding: bad)
                    _ = try LiveObjectsProjection(decoding: p.encoded())
                } catch is ProjectionDecodingError {}
            }
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var bytes = Array(good.prefix(Int.random(in: 0...20, using: &rng)))
            for _ in 0..<Int.random(in: 0...64, using: &rng) { bytes.append(UInt8.random(in: 0...255, using: &rng)) }
            _ = try? LiveObjectsProjection(decoding: bytes)
        }
    }

    // MARK: - The read model in a store

    @Test func `the read model equals the objects index walk at many revisions of a generated history`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try Self.appendGenerated(ledger, count: 6_000, seed: 3)
        let head = try ledger.lastRevision()
        let store = ProjectionStore(ledger: ledger, interval: 500)
        // The write side's upkeep after a commit (queries never write).
        try store.catchUpLiveObjects()
        var rng = SeededRandom(seed: 9)
        var revisions: [UInt64] = [1, 499, 500, 501, head - 1, head, head + 10]
        for _ in 0..<60 { revisions.append(UInt64.random(in: 1...head, using: &rng)) }
        var deletes = 0
        for r in revisions {
            let clamped = min(r, head)
            #expect(try Self.readModel(store, at: r) == Self.walk(ledger, at: clamped), "revision \(r)")
            #expect(
                try Self.readModel(store, groupKind: "/Pod", at: r)
                    == Self.walk(ledger, groupKind: "/Pod", at: clamped), "revision \(r)")
            #expect(
                try Self.readModel(store, groupKind: "apps/ReplicaSet", namespace: "kube-system", at: r)
                    == Self.walk(ledger, groupKind: "apps/ReplicaSet", namespace: "kube-system", at: clamped))
            let pods = try #require(try store.liveObjects(groupKind: nil, kind: "Pod", at: r))
            #expect(
                pods.map(\.key)
                    == (try ledger.liveObjects(groupKind: nil, atOrBefore: clamped).map(\.key).filter {
                        $0.kind == "Pod"
                    }))
        }
        // Pod tables picked from the bodies (with trees of metadata only) equal those from full trees.
        for r in revisions.prefix(12) {
            let events = try WorkloadQueries(ledger: ledger).liveObjects(groupKind: "/Pod", namespace: nil, at: r).map(
                \.1)
            let bodies = events.compactMap(\.body)
            let values = try bodies.map { try JSONReader.parse($0) }
            let metadata = try bodies.map { try JSONReader.parseMetadata($0) }
            let at = Timestamp.now()
            for options in [GetView.Options(allNamespaces: true), GetView.Options(wide: true)] {
                let reference = GetView.table(kind: "Pod", objects: values, at: at, options: options)
                #expect(
                    GetView.table(kind: "Pod", objects: values, bodies: bodies, at: at, options: options) == reference)
                #expect(
                    GetView.table(kind: "Pod", objects: metadata, bodies: bodies, at: at, options: options) == reference
                )
            }
        }
        // The history has deletes and re-creates of the same key (StatefulSet pods, nodes).
        var seen = Set<ObjectKey>()
        var recreated = 0
        try ledger.scan(EventFilter(), includeBody: false) { e in
            if e.verb == .delete { deletes += 1 }
            if e.verb == .create, !seen.insert(e.object.key).inserted { recreated += 1 }
            return true
        }
        #expect(deletes > 100 && recreated > 0)
        // The write side caught the live set up alone (headers only), to the last multiple of K.
        #expect(try ledger.checkpoint(LiveObjectsProjection.name)?.revision == head / 500 * 500)
        #expect(try ledger.checkpoint(PodsProjection.name) == nil)
        // A full catch-up then folds the others from 1 and leaves the live set's snapshots as they are.
        let before = try ledger.snapshot(LiveObjectsProjection.name, atOrBefore: 2_000)
        try store.catchUp(snapshotHead: true)
        #expect(try ledger.snapshot(LiveObjectsProjection.name, atOrBefore: 2_000)?.bytes == before?.bytes)
        for type in ProjectionRegistry.standard.types {
            #expect(try ledger.checkpoint(type.name)?.revision == head, "\(type.name)" as Comment)
        }
        #expect(try store.verify() == nil)
    }

    @Test func `a store written before the live set existed folds it from revision 1 on catch-up`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try Self.appendGenerated(ledger, count: 2_600, seed: 5)
        let head = try ledger.lastRevision()
        let store = ProjectionStore(ledger: ledger, interval: 1_000)
        try store.catchUp()
        // What an older version left: the four projections, no live set.
        try ledger.dropProjection(LiveObjectsProjection.name)
        let podsBefore = try ledger.snapshotRevisions(PodsProjection.name)
        let podsCheckpoint = try ledger.checkpoint(PodsProjection.name)
        #expect(podsCheckpoint?.revision == 2_000)
        // Two more events, so the next catch-up has a boundary to reach for every projection.
        try ledger.append(
            (0..<(3_000 - Int(head))).map {
                Self.event(.create, Self.pod("extra-\($0)"), at: 4_000_000_000 + Int64($0))
            })
        let folded = try store.catchUp()
        #expect(folded == 3_000)  // the live set from 1; the other four only from 2,001
        #expect(try ledger.snapshotRevisions(LiveObjectsProjection.name) == [1_000, 2_000, 3_000])
        #expect(try ledger.snapshotRevisions(PodsProjection.name) == podsBefore + [3_000])
        for type in ProjectionRegistry.standard.types {
            #expect(try ledger.checkpoint(type.name)?.revision == 3_000, "\(type.name)")
        }
        #expect(try store.verify() == nil)
        #expect(try Self.readModel(store, at: 2_345) == Self.walk(ledger, at: 2_345))
    }

    @Test func `a read-only store uses the snapshots it has, and walks the index when they are too far`() throws {
        let dir = TemporaryDirectory()
        do {
            let ledger = try dir.ledger()
            try Self.appendGenerated(ledger, count: 3_000, seed: 7)
            try ProjectionStore(ledger: ledger, interval: 500).catchUpLiveObjects()
            #expect(try ProjectionStore(ledger: ledger, interval: 500).liveObjects(groupKind: "/Pod", at: 1_600) != nil)
            try ledger.append(
                (0..<3_000).map {
                    Self.event(
                        $0 % 3 == 2 ? .delete : .create, Self.pod("late-\($0 / 3)"), at: 4_000_000_000 + Int64($0))
                })
        }
        var options = Ledger.Options()
        options.readOnly = true
        let ledger = try Ledger(path: dir.file("store"), options: options)
        #expect(ledger.isReadOnly)
        let store = ProjectionStore(ledger: ledger, interval: 500)
        // Snapshots up to 3,000; within 4 K of them it folds in memory.
        #expect(try Self.readModel(store, at: 4_000) == Self.walk(ledger, at: 4_000))
        // 3,000 events past the last snapshot: too far, the caller walks the index.
        #expect(try store.liveObjects(groupKind: nil, at: 6_000) == nil)
        let queries = WorkloadQueries(ledger: ledger)
        #expect(
            try queries.liveEntries(groupKind: "/Pod", namespace: "default", at: 6_000).map {
                "\($0.key) @\($0.revision)"
            }
                == (try ledger.liveObjects(groupKind: "/Pod", namespace: "default", atOrBefore: 6_000).map {
                    "\($0.key) @\($0.entry.revision)"
                }))
        #expect(try ledger.checkpoint(LiveObjectsProjection.name)?.revision == 3_000)
    }
}
