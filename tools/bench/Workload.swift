import Foundation
import Ledger

/// A source of events for the benchmark. Every store under test is fed the same events, in the
/// same order, built by the same `Workload`; only `events(_:)` needs to change to swap in another
/// history (for example the `KubeLedgerGenerator` of tools/generator, once merged).
protocol Workload {
    /// Events `range` (0-based positions in the history), ready for ``Ledger/append(_:recordedAt:)``.
    /// The object JSON is in ``NewEvent/body``; the baselines store exactly those bytes.
    func events(_ range: Range<Int>) -> [NewEvent]
    /// The object key of event `index` (cheap: no body is built).
    func key(of index: Int) -> ObjectKey
}

/// Pod churn built from one real Pod (`Fixtures/pod.json`).
///
/// `slots` pods live at once. Event `i` touches slot `i % slots` in round `i / slots`; each pod
/// lives `lifetime` rounds: created, updated (status, by the kubelet) `lifetime - 2` times, then
/// deleted, and the slot's next pod (a new name and uid, as a ReplicaSet would make) is created
/// in the following round. So a log of E events holds about `slots` live pods at any point, and
/// `E / lifetime` distinct pods in all.
///
/// Each event's object varies name, namespace, uid, resourceVersion, timestamps and pod IP.
struct PodChurnWorkload: Workload {
    let slots: Int
    let lifetime: Int
    let namespaces: Int
    /// 2026-01-01T00:00:00Z; events are 1 ms apart.
    let start: Int64 = 1_767_225_600 * 1_000_000_000
    private let template: Template

    init(fixture: [UInt8], slots: Int = 10_000, lifetime: Int = 20, namespaces: Int = 50) throws {
        self.slots = slots
        self.lifetime = lifetime
        self.namespaces = namespaces
        self.template = try Template(fixture)
    }

    /// The fixture bytes: `tools/bench/Fixtures/pod.json`, found next to this source file, or `path`.
    static func loadFixture(path: String?) throws -> [UInt8] {
        let p = path ?? (URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/pod.json")
        guard let data = FileManager.default.contents(atPath: p) else {
            throw BenchError("cannot read the fixture '\(p)'; pass --fixture PATH")
        }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x20 { bytes.removeLast() }
        return bytes
    }

    struct Position {
        var slot: Int
        var generation: Int
        var phase: Int
    }

    func position(_ i: Int) -> Position {
        let round = i / slots
        return Position(slot: i % slots, generation: round / lifetime, phase: round % lifetime)
    }

    func namespace(_ p: Position) -> String { "team-\(p.slot % namespaces)" }

    /// `console-6b45f48495-xxxxx`, the suffix unique per (slot, generation) in Kubernetes' alphabet.
    func name(_ p: Position) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var n = p.generation * slots + p.slot
        var s = "console-6b45f48495-"
        for _ in 0..<5 {
            s.append(alphabet[n % 27])
            n /= 27
        }
        return s
    }

    func key(of index: Int) -> ObjectKey {
        let p = position(index)
        return ObjectKey(group: "", kind: "Pod", namespace: namespace(p), name: name(p))
    }

    func events(_ range: Range<Int>) -> [NewEvent] {
        var out: [NewEvent] = []
        out.reserveCapacity(range.count)
        for i in range { out.append(event(i)) }
        return out
    }

    func event(_ i: Int) -> NewEvent {
        let p = position(i)
        let occurred = start + Int64(i) * 1_000_000
        let created = start + Int64((p.generation * lifetime) * slots + p.slot) * 1_000_000
        let uid = Self.uuid(UInt64(p.generation * slots + p.slot), salt: 0x9E37_79B9_7F4A_7C15)
        let ip = "10.\(128 + (p.slot >> 16) & 3).\((p.slot >> 8) & 255).\(p.slot & 255)"
        let name = name(p)
        let ns = namespace(p)
        let rv = String(100_000 + i)
        let body = template.render([
            .name: name, .namespace: ns, .uid: uid, .resourceVersion: rv, .ip: ip,
            .created: Timestamp(nanoseconds: created).rfc3339(fractionDigits: 0),
            .changed: Timestamp(nanoseconds: occurred).rfc3339(fractionDigits: 0),
        ])
        let verb: Verb = p.phase == 0 ? .create : p.phase == lifetime - 1 ? .delete : .update
        let byKubelet = verb == .update
        return NewEvent(
            verb: verb, object: ObjectReference(apiVersion: "v1", kind: "Pod", namespace: ns, name: name, uid: uid),
            subresource: byKubelet ? "status" : "", resourceVersion: rv, occurredAt: Timestamp(nanoseconds: occurred),
            actor: byKubelet
                ? "system:node:ip-10-0-189-142.ec2.internal"
                : "system:serviceaccount:kube-system:replicaset-controller",
            groups: byKubelet
                ? ["system:nodes", "system:authenticated"] : ["system:serviceaccounts", "system:authenticated"],
            userAgent: byKubelet
                ? "kubelet/v1.21.1 (linux/amd64) kubernetes/5e58841"
                : """
                kube-controller-manager/v1.21.1 (linux/amd64) \
                kubernetes/5e58841/system:serviceaccount:kube-system:replicaset-controller
                """,
            sourceIP: "10.0.189.142", source: .audit, eventID: Self.uuid(UInt64(i), salt: 0xA076_1D64_78BD_642F),
            body: body)
    }

    /// A UUID-shaped string, deterministic in `n`.
    static func uuid(_ n: UInt64, salt: UInt64) -> String {
        func mix(_ x: UInt64) -> UInt64 {
            var z = x &+ salt
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let a = mix(n)
        let b = mix(a)
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for k in 0..<32 {
            if k == 8 || k == 12 || k == 16 || k == 20 { out.append(UInt8(ascii: "-")) }
            let word = k < 16 ? a : b
            out.append(hex[Int((word >> UInt64((k % 16) * 4)) & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Template

    enum Hole: Hashable { case name, namespace, uid, resourceVersion, ip, created, changed }

    /// The fixture cut at the values that vary.
    struct Template {
        var pieces: [[UInt8]] = []
        var holes: [Hole] = []

        init(_ fixture: [UInt8]) throws {
            let text = String(decoding: fixture, as: UTF8.self)
            // The values in Fixtures/pod.json and what replaces each.
            let marks: [(String, Hole)] = [
                ("\"console-6b45f48495-9248b\"", .name), ("\"openshift-console\"", .namespace),
                ("\"cdc7fe18-4f75-403f-b713-e70f7ee1ad93\"", .uid), ("\"25134\"", .resourceVersion),
                ("\"10.130.0.33\"", .ip), ("\"2021-08-03T09:31:34Z\"", .created),
                ("\"2021-08-03T09:31:36Z\"", .changed), ("\"2021-08-03T09:31:54Z\"", .changed),
            ]
            var found: [(Range<String.Index>, Hole)] = []
            for (mark, hole) in marks {
                var from = text.startIndex
                while let r = text.range(of: mark, range: from..<text.endIndex) {
                    // Keep the quotes; replace what is inside them.
                    found.append((text.index(after: r.lowerBound)..<text.index(before: r.upperBound), hole))
                    from = r.upperBound
                }
            }
            guard Set(found.map(\.1)).count == 7 else {
                throw BenchError(
                    """
                    the fixture lacks some of the values the workload varies (name, namespace, uid, resourceVersion, \
                    podIP, timestamps)
                    """
                )
            }
            found.sort { $0.0.lowerBound < $1.0.lowerBound }
            var at = text.startIndex
            for (r, hole) in found {
                pieces.append(Array(text[at..<r.lowerBound].utf8))
                holes.append(hole)
                at = r.upperBound
            }
            pieces.append(Array(text[at...].utf8))
        }

        func render(_ values: [Hole: String]) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(pieces.reduce(0) { $0 + $1.count } + holes.count * 40)
            for (i, hole) in holes.enumerated() {
                out.append(contentsOf: pieces[i])
                out.append(contentsOf: values[hole]!.utf8)
            }
            out.append(contentsOf: pieces[pieces.count - 1])
            return out
        }
    }
}

/// A benchmark failure with a message for the user.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
