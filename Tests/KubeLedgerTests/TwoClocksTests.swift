import LedgerTestSupport
import Testing

@testable import KubeLedger
@testable import Ledger

/// Time travel by occurrence time (issue 14): events appended out of the order they occurred
/// (backfilled history, late audit records) are read by position, (occurrence time, revision).
@Suite struct TwoClocksTests {
    static func t(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    static func deployment(_ name: String, image: String, uid: String = "") -> JSONValue {
        K8s.deployment("deployment-web-v1.json", uid: uid.isEmpty ? "uid-\(name)" : uid)
            .setting("metadata.name", .str(name))
            .setting("spec.template.spec.containers", .array([.obj([("name", .str("c")), ("image", .str(image))])]))
    }

    static func event(_ verb: Verb, _ object: JSONValue, at time: String, id: String = "") -> NewEvent {
        NewEvent(
            verb: verb,
            object: ObjectReference(
                apiVersion: "apps/v1", kind: "Deployment", namespace: "default",
                name: object["metadata"]!["name"]!.stringValue!, uid: object["metadata"]?["uid"]?.stringValue ?? ""),
            occurredAt: t(time), actor: "alice", eventID: id, body: object.bytes)
    }

    func names(_ history: History, at point: PointInHistory?) throws -> [String] {
        try history.objects(ObjectQuery(kind: "Deployment", group: "apps"), at: history.point(point)).map(\.key.name)
    }

    @Test func `a backfilled create is in the cluster from when it happened, not from when it was appended`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let history = History(ledger: ledger)
        _ = try Ingestor().append([Self.event(.create, Self.deployment("web", image: "nginx:1.25"), at: "2026-12-02T10:00:00Z")], to: ledger)
        #expect(try ledger.occurrenceClock().firstLateRevision == nil)
        _ = try Ingestor().append([Self.event(.create, Self.deployment("api", image: "api:1"), at: "2026-11-20T10:00:00Z")], to: ledger)
        let clock = try ledger.occurrenceClock()
        #expect(clock.firstLateRevision == 2)
        #expect(clock.firstObjectLateRevision == nil, "two objects: each one's versions are in order")

        #expect(try names(history, at: .time(Self.t("2026-11-19T00:00:00Z"))) == [])
        #expect(try names(history, at: .time(Self.t("2026-11-21T00:00:00Z"))) == ["api"])
        #expect(try names(history, at: .time(Self.t("2026-12-03T00:00:00Z"))) == ["api", "web"])
        // The ledger at revision 1 knew only web; at the head, both.
        #expect(try names(history, at: .revision(1)) == ["web"])
        #expect(try names(history, at: nil) == ["api", "web"])
        // One object by name, and not found before it happened.
        #expect(
            throws: HistoryError.self,
            performing: {
                try history.objects(
                    ObjectQuery(kind: "Deployment", group: "apps", namespace: "default", name: "web"),
                    at: history.point(.time(Self.t("2026-11-21T00:00:00Z"))))
            })
    }

    @Test func `an older version appended later does not replace the newer one, and shows where it happened`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let history = History(ledger: ledger)
        _ = try Ingestor().append(
            [Self.event(.create, Self.deployment("web", image: "web:3"), at: "2026-12-02T10:00:00Z")], to: ledger)
        _ = try Ingestor().append(
            [Self.event(.update, Self.deployment("web", image: "web:2"), at: "2026-11-25T10:00:00Z")], to: ledger)
        #expect(try ledger.occurrenceClock().firstObjectLateRevision == 2)
        func image(_ p: PointInHistory?) throws -> String? {
            try history.objects(ObjectQuery(kind: "Deployment", group: "apps"), at: history.point(p)).first?
                .value.value(atPath: "spec.template.spec.containers")?.arrayValue?.first?["image"]?.stringValue
        }
        #expect(try image(nil) == "web:3")
        #expect(try image(.time(Self.t("2026-11-30T00:00:00Z"))) == "web:2")
        #expect(try image(.time(Self.t("2026-12-03T00:00:00Z"))) == "web:3")
        #expect(try image(.revision(1)) == "web:3")
        let key = ObjectKey(group: "apps", kind: "Deployment", namespace: "default", name: "web")
        // Versions, and blame, in occurrence order.
        #expect(try history.versions(of: key).map(\.revision) == [2, 1])
        let blame = try history.fieldChanges(of: key, path: "spec.template.spec.containers", displayName: "web")
        #expect(blame.map(\.revision) == [2, 1])
        // diff between two times: web:2 → web:3.
        let d = try history.diff(
            key, from: history.point(.time(Self.t("2026-11-30T00:00:00Z"))),
            to: history.point(.time(Self.t("2026-12-03T00:00:00Z")))
        ).unified(name: "web")
        let lines = d.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("-") && $0.contains("image: web:2") }, "\(d)")
        #expect(lines.contains { $0.hasPrefix("+") && $0.contains("image: web:3") }, "\(d)")
    }

    @Test func `rollout revisions are numbered in occurrence order when the first ones are backfilled`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let history = History(ledger: ledger)
        let d = { (image: String) in Self.deployment("web", image: image, uid: "d-1") }
        // Recorded live first: images 3 and 4. Then last week's audit log: images 1 and 2.
        _ = try Ingestor().append(
            [
                Self.event(.create, d("web:3"), at: "2026-12-01T10:00:00Z"),
                Self.event(.update, d("web:4"), at: "2026-12-02T10:00:00Z"),
            ], to: ledger)
        _ = try Ingestor().append(
            [
                Self.event(.create, d("web:1"), at: "2026-11-20T10:00:00Z"),
                Self.event(.update, d("web:2"), at: "2026-11-21T10:00:00Z"),
            ], to: ledger)
        let h = try history.rollouts(kind: "Deployment", namespace: "default", name: "web", in: history.head())
        #expect(h.revisions.map(\.number) == [1, 2, 3, 4])
        #expect(h.revisions.map(\.images) == [["web:1"], ["web:2"], ["web:3"], ["web:4"]])
        #expect(h.current?.number == 4)
        // At a time between the backfilled and the recorded revisions: 1 and 2 only.
        let then = try history.rollouts(
            kind: "Deployment", namespace: "default", name: "web",
            in: history.point(.time(Self.t("2026-11-25T00:00:00Z"))))
        #expect(then.revisions.map(\.images) == [["web:1"], ["web:2"]])
    }

    /// Brute force: per object, the latest event by (occurrence time, revision) among those with
    /// revision ≤ r and occurred ≤ horizon; live unless a delete.
    static func expectedLive(_ events: [RecordedEvent], revision r: UInt64, horizon: Int64?) -> [String: UInt64] {
        var best: [String: RecordedEvent] = [:]
        for e in events where e.revision <= r && (horizon.map { e.occurredAt.nanoseconds <= $0 } ?? true) {
            let k = e.object.name
            if let b = best[k],
                (b.occurredAt.nanoseconds, b.revision) > (e.occurredAt.nanoseconds, e.revision)
            {
                continue
            }
            best[k] = e
        }
        return best.filter { $0.value.verb != .delete }.mapValues(\.revision)
    }

    @Test(arguments: [1, 2, 3])
    func `live sets by position match a brute-force fold at random views, snapshots included`(seed: UInt64) throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        var options = Ingestor.Options()
        options.snapshotInterval = 50
        var rng = SplitMix(seed: seed)
        let base = Self.t("2026-11-01T00:00:00Z").nanoseconds
        var minute: Int64 = 0
        var exists = Set<Int>()
        // 600 events in batches: mostly in order, some late by seconds, some backfilled by days.
        for _ in 0..<12 {
            var batch: [NewEvent] = []
            for _ in 0..<50 {
                minute += 1
                let n = Int(rng.next() % 40)
                var at = base + minute * 60_000_000_000
                switch rng.next() % 10 {
                case 0: at -= Int64(rng.next() % 5) * 1_000_000_000  // late by seconds
                case 1: at -= Int64(rng.next() % 20) * 86_400_000_000_000  // backfilled by days
                default: break
                }
                let verb: Verb = exists.contains(n) ? (rng.next() % 4 == 0 ? .delete : .update) : .create
                if verb == .delete { exists.remove(n) } else { exists.insert(n) }
                batch.append(
                    Self.event(
                        verb, Self.deployment("d\(n)", image: "i:\(minute)"),
                        at: Timestamp(nanoseconds: at).rfc3339()))
            }
            _ = try Ingestor(options: options).append(batch, to: ledger)
        }
        #expect(try !ledger.snapshotRevisions(LiveObjectsProjection.name).isEmpty)
        // The write side keeps occurrence snapshots too (late events remove those after them).
        #expect(try ledger.occurrenceSnapshot(LiveObjectsProjection.name, atOrBefore: .max) != nil)
        var all: [RecordedEvent] = []
        try ledger.scan(EventFilter()) {
            all.append($0)
            return true
        }
        let history = History(ledger: ledger)
        let store = ProjectionStore(ledger: ledger)
        for _ in 0..<40 {
            let r = 1 + rng.next() % UInt64(all.count)
            let horizon = base - 20 * 86_400_000_000_000 + Int64(rng.next() % (40 * 86_400)) * 1_000_000_000
            for (point, h) in [
                (try history.point(.revision(r)), nil as Int64?),
                (try history.point(.time(Timestamp(nanoseconds: horizon))), horizon),
            ] {
                let want = Self.expectedLive(all, revision: h == nil ? r : UInt64(all.count), horizon: h)
                let got = try WorkloadQueries(ledger: ledger).liveEntries(groupKind: nil, namespace: nil, in: point)
                #expect(Dictionary(uniqueKeysWithValues: got.map { ($0.key.name, $0.revision) }) == want)
                // The fold by position gives the same on any view, prefix or not.
                let byPosition = try store.liveObjects(groupKind: nil, in: point)
                #expect(Dictionary(uniqueKeysWithValues: byPosition.map { ($0.key.name, $0.entry.revision) }) == want)
            }
        }
    }
}

extension TwoClocksTests {
    @Test func `a late event removes the occurrence snapshots it belongs before, in its own transaction`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let late = Self.event(.create, Self.deployment("late", image: "x"), at: "2026-11-10T00:00:00Z")
        _ = try ledger.append([late.with(time: "2026-11-01T00:00:00Z", name: "first")])
        _ = try ledger.append([late.with(time: "2026-11-20T00:00:00Z", name: "second")])
        let t = { (s: String) in Self.t(s).nanoseconds }
        try ledger.storeOccurrenceSnapshots(
            "p", [(t("2026-11-05T00:00:00Z"), 2, [1]), (t("2026-11-15T00:00:00Z"), 2, [2])], foldedThrough: 2)
        #expect(try ledger.occurrenceCheckpoint("p") == 2)
        _ = try ledger.append([late])  // occurred 11-10: before the snapshot of 11-15
        #expect(try ledger.occurrenceSnapshot("p", atOrBefore: .max)?.bytes == [1])
        #expect(try ledger.occurrenceCheckpoint("p") == nil)
        // An event in order removes nothing.
        _ = try ledger.append([late.with(time: "2026-12-01T00:00:00Z", name: "third")])
        #expect(try ledger.occurrenceSnapshot("p", atOrBefore: .max)?.bytes == [1])
        #expect(try ledger.occurrenceSnapshot("p", atOrBefore: .max, knownThrough: 1) == nil)
    }
}

extension NewEvent {
    func with(time: String, name: String) -> NewEvent {
        var e = self
        e.occurredAt = Timestamp(rfc3339: time)!
        e.object.name = name
        return e
    }
}

/// A small deterministic generator for the tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
