import Ledger
import LedgerTestSupport
import Testing

@Suite struct ReadTests {
    func sample() throws -> (TemporaryDirectory, Ledger) {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append([
            TestEvents.pod("a", at: 100, actor: "alice"),
            TestEvents.pod("b", at: 200, actor: "bob"),
            TestEvents.pod("a", verb: .update, at: 300, actor: "bob"),
            TestEvents.pod("b", verb: .delete, at: 400, actor: "alice"),
            TestEvents.pod("c", namespace: "other", at: 500, actor: "carol"),
        ])
        return (dir, ledger)
    }

    @Test func latestAtOrBeforeFindsTheObjectStateAtAPastRevision() throws {
        let (_, ledger) = try sample()
        let key = TestEvents.pod("a").object.key
        #expect(try ledger.latest(of: key, atOrBefore: 2)?.revision == 1)
        #expect(try ledger.latest(of: key, atOrBefore: 3)?.revision == 3)
        #expect(try ledger.latest(of: key)?.version == 2)
        #expect(try ledger.latest(of: TestEvents.pod("zzz").object.key) == nil)
    }

    @Test func objectWritesAreTheHeadersKeyVerbAndVersionInRevisionOrder() throws {
        let (_, ledger) = try sample()
        try ledger.append([
            NewEvent(
                verb: .create,
                object: ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "ns", name: "web"),
                occurredAt: Timestamp(nanoseconds: 600), body: nil)
        ])
        var headers: [ObjectWrite] = []
        try ledger.scan(includeBody: false) { e in
            headers.append(
                ObjectWrite(
                    revision: e.revision, objectVersion: e.objectVersion, verb: e.verb, key: e.object.key.encoded))
            return true
        }
        for chunk in [1, 2, 4096] {
            var writes: [ObjectWrite] = []
            try ledger.scanObjectWrites(chunk: chunk) { writes.append($0) }
            #expect(writes == headers, "chunk \(chunk)")
            writes.removeAll()
            try ledger.scanObjectWrites(from: 2, to: 4, chunk: chunk) { writes.append($0) }
            #expect(writes == Array(headers[1...3]), "chunk \(chunk)")
        }
        #expect(headers.last?.key == Array("apps/Deployment\0ns\0web\0".utf8))
        #expect(headers[3].verb == .delete && headers[2].objectVersion == 2)
    }

    @Test func liveObjectsAtARevisionExcludeDeletedOnes() throws {
        let (_, ledger) = try sample()
        let at3 = try ledger.liveObjects(groupKind: "/Pod", atOrBefore: 3).map(\.key.name)
        let atEnd = try ledger.liveObjects(groupKind: "/Pod").map(\.key.name)
        let inOther = try ledger.liveObjects(groupKind: "/Pod", namespace: "other").map(\.key.name)
        #expect(at3 == ["a", "b"])
        #expect(atEnd == ["a", "c"])
        #expect(inOther == ["c"])
    }

    @Test func timeIndexMapsATimeToTheLastEventAtOrBeforeIt() throws {
        let (_, ledger) = try sample()
        #expect(try ledger.revision(atOrBefore: Timestamp(nanoseconds: 350 * 1_000_000_000)) == 3)
        #expect(try ledger.revision(atOrBefore: Timestamp(nanoseconds: 50 * 1_000_000_000)) == nil)
    }

    @Test func scanFiltersByActorKindNameAndRange() throws {
        let (_, ledger) = try sample()
        func revisions(_ f: EventFilter) throws -> [UInt64] {
            var out: [UInt64] = []
            try ledger.scan(f, includeBody: false) {
                out.append($0.revision)
                return true
            }
            return out
        }
        var byActor = EventFilter()
        byActor.actor = "bob"
        #expect(try revisions(byActor) == [2, 3])
        var byName = EventFilter()
        byName.name = "a"
        #expect(try revisions(byName) == [1, 3])
        var range = EventFilter()
        range.fromRevision = 2
        range.toRevision = 4
        range.verbs = [.delete, .update]
        #expect(try revisions(range) == [3, 4])
    }

    @Test func scanInSmallChunksSeesEveryEventOnce() throws {
        let (_, ledger) = try sample()
        var seen: [UInt64] = []
        try ledger.scan(EventFilter(), includeBody: true, chunk: 2) {
            seen.append($0.revision)
            return true
        }
        #expect(seen == [1, 2, 3, 4, 5])
    }
}
