import Testing

@testable import KubeLedger
@testable import Ledger

@Suite struct ClusterProjectionsTests {
    /// The snapshot scenario plus a pod re-created under the same name, a daemon pod moving
    /// node, an event without body and a malformed pod body.
    func scenario() -> Scenario {
        var s = SnapshotTests().scenario()
        s.add(
            .create,
            K8s.pod(
                "web-0", uid: "p1", owner: ("StatefulSet", "web", "s-1"), node: "n2", phase: "Running", ready: true,
                claims: ["www-web-0"]))
        s.add(
            .update,
            K8s.pod(
                "agent-x", uid: "a0", owner: ("DaemonSet", "agent", "ds-1"), node: "n1", phase: "Running", ready: true))
        s.add(.create, K8s.pod("agent-y", uid: "a1", owner: ("DaemonSet", "agent", "ds-1"), node: "n2"))
        s.add(
            .update,
            ObjectReference(apiVersion: "v1", kind: "Pod", namespace: K8s.namespace, name: "agent-y", uid: "a1"),
            body: Array(#"{"metadata":{"name":"agent-y","#.utf8))
        s.add(
            .delete,
            ObjectReference(apiVersion: "v1", kind: "Pod", namespace: K8s.namespace, name: "agent-x", uid: "a0"),
            body: nil)
        s.add(.update, K8s.pod("plain", uid: "x0", node: "n1", phase: "Running", ready: true))
        return s
    }

    @Test func `folding together equals folding each projection on its own`() {
        let s = scenario()
        var set = ClusterProjections()
        for e in s.events { set.apply(e) }
        #expect(set[PodsProjection.self] == s.fold(PodsProjection.self))
        #expect(set[RolloutsProjection.self] == s.fold(RolloutsProjection.self))
        #expect(set[StatefulSetIdentityProjection.self] == s.fold(StatefulSetIdentityProjection.self))
        #expect(set[DaemonSetsProjection.self] == s.fold(DaemonSetsProjection.self))
        #expect(set[PodsProjection.self]?.checksum == s.fold(PodsProjection.self).checksum)
        #expect(set[LiveObjectsProjection.self] == s.fold(LiveObjectsProjection.self))
        #expect(
            set.checksums.map(\.name) == ["pods", "rollouts", "statefulset-identity", "daemonsets", "live-objects"])
        #expect(set.lastRevision == UInt64(s.events.count))
    }

    @Test func `a set snapshot round-trips with an equal checksum`() throws {
        var set = ClusterProjections()
        for e in scenario().events { set.apply(e) }
        let restored = try ClusterProjections(decoding: set.encoded())
        #expect(restored == set)
        #expect(restored.checksum == set.checksum)
        #expect(restored[DaemonSetsProjection.self]?.checksum == set[DaemonSetsProjection.self]?.checksum)
        #expect(throws: (any Error).self) { try ClusterProjections(decoding: Array(set.encoded().dropLast())) }
        #expect(ClusterProjections().checksum != set.checksum)
    }

    @Test func `projections restored at different revisions each catch up from their own`() throws {
        let events = scenario().events
        var full = ClusterProjections()
        for e in events { full.apply(e) }
        // Pods and DaemonSets were snapshotted at revision 5, the others at revision 10.
        var early = ClusterProjections()
        var late = ClusterProjections()
        for e in events.prefix(5) { early.apply(e) }
        for e in events.prefix(10) { late.apply(e) }
        var set = ClusterProjections(
            states: [early.states[0], late.states[1], late.states[2], early.states[3], early.states[4]])
        #expect(set.lastRevision == 5)
        for e in events.dropFirst(3) { set.apply(e) }  // overlaps are ignored
        #expect(set == full)
    }

    @Test func `JSON member names are matched raw, escaped or not`() throws {
        let text = #"{"na\u006de":"web","kind":"Pod","k\"q":1,"a":2,"metadata":{"name":"x"}}"#
        var seen: [String] = []
        try Array(text.utf8).withUnsafeBytes { b in
            var r = JSONReader(bytes: b)
            try r.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                switch key {
                case "name", "kind": seen.append(key.string + "=" + (try r.readString()))
                case "a": seen.append("a=" + String(try r.pickInt() ?? 0))
                default:
                    seen.append(key.string)
                    try r.skipValue()
                }
            }
        }
        #expect(seen == ["name=web", "kind=Pod", "k\"q", "a=2", "metadata"])
    }

    @Test func `skipping reports the same errors as before`() {
        for text in [
            #"{"a":[1,2,}"#, #"{"a":"x\q"}"#, #"[tru]"#, #"{"a":01}"#, "{\"a\":\"\u{1}\"}", #"{"a" 1}"#, "[[[[1]]]]",
        ] {
            let result: Result<Int, JSONSyntaxError> = Array(text.utf8).withUnsafeBytes { b in
                var r = JSONReader(bytes: b, maxDepth: 3)
                do throws(JSONSyntaxError) {
                    try r.skipValue()
                    return .success(r.position)
                } catch { return .failure(error) }
            }
            let slow: Result<Int, JSONSyntaxError> = Array(text.utf8).withUnsafeBytes { b in
                var r = JSONReader(bytes: b, maxDepth: 3)
                do throws(JSONSyntaxError) {
                    try r.skipValueSlowly()
                    return .success(r.position)
                } catch { return .failure(error) }
            }
            #expect(result == slow, "\(text)")
            #expect((try? result.get()) == nil, "\(text)")
        }
    }
}
