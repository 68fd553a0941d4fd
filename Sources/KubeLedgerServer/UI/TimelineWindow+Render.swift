import KubeLedger
import Ledger

extension TimelineWindow {
    /// At most this many workloads get rollout markers in one window (each is a fold).
    static let maxRolloutWorkloads = 400

    /// Rollout markers of the window by row id, and each workload's revision numbers by template
    /// hash (for its pods' `revision`).
    struct Rollouts {
        var markers: [String: [JSONValue]] = [:]
        var revisionOfHash: [String: [(hash: String, number: Int)]] = [:]
    }

    /// One rollout fold per workload (kept by the filters) whose template changed in the window:
    /// the others can have no marker in it. Computed once per window, whatever number of pod
    /// rows the JSON then takes.
    func rollouts(rows all: [ObjectKey: Row], end: HistoryPoint) -> Rollouts {
        var out = Rollouts()
        guard request.markers else { return out }
        let fromMS = request.from.nanoseconds / 1_000_000
        let toMS = request.to.nanoseconds / 1_000_000
        let workloads = all.values.filter { $0.templateChanged && Self.workloadKinds.contains($0.key.kind) && keep($0) }
            .sorted { Self.inOrder($0.key, $1.key) }
        for r in workloads.prefix(Self.maxRolloutWorkloads) {
            guard
                let h = try? history.rollouts(kind: r.key.kind, namespace: r.key.namespace, name: r.key.name, in: end)
            else { continue }
            let id = "\(r.key.kind)/\(r.key.namespace)/\(r.key.name)"
            out.revisionOfHash[id] = h.revisions.map { ($0.templateHash, $0.number) }
            var list: [JSONValue] = []
            for rev in h.revisions {
                for (p, again) in [(rev.introduced, false)] + rev.reactivations.map({ ($0, true) }) {
                    let t = p.time.nanoseconds / 1_000_000
                    guard t >= fromMS && t <= toMS else { continue }
                    list.append(
                        J.object([
                            ("time", J.time(p.time)), ("revision", J.int(rev.number)), ("actor", .string(p.actor)),
                            ("images", .array(rev.images.map { .string($0) })),
                            ("reactivation", again ? .bool(true) : nil),
                        ]))
                }
            }
            out.markers[id] = list
        }
        return out
    }

    /// The rows after the filters, workloads with their rollout markers, as JSON text.
    func render(
        rows all: [ObjectKey: Row], namespaces: Set<String>, end: HistoryPoint, rollouts: Rollouts, maxPods: Int
    ) -> [UInt8] {
        var rows = all.values.filter(keep).sorted { Self.inOrder($0.key, $1.key) }
        // Pod rows beyond maxPods are left out (counted), then the rest if the JSON is too big.
        var truncated = 0
        var pods = 0
        rows = rows.filter { r in
            guard r.key.kind == "Pod" else { return true }
            pods += 1
            if pods > maxPods { truncated += 1 }
            return pods <= maxPods
        }
        let fromMS = request.from.nanoseconds / 1_000_000
        let (markers, revisionOfHash) = (rollouts.markers, rollouts.revisionOfHash)
        func revision(_ r: Row) -> Int? {
            guard let owner = r.owner, let hash = r.hash, let revs = revisionOfHash[owner] else { return nil }
            return revs.last { $0.hash == hash }?.number
        }
        // Written straight to bytes (a window's rows as a `JSONValue` tree took as long as the
        // fold), in the members' order and form `JSONWriter` gives: no space, absent members left out.
        var out: [UInt8] = []
        out.reserveCapacity(256 * rows.count + 1024)
        func key(_ k: StaticString, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            k.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: "\":".utf8)
        }
        func string(_ s: String) { JSONWriter.writeString(s, to: &out) }
        func number(_ n: some BinaryInteger) { out.append(contentsOf: String(n).utf8) }
        out.append(UInt8(ascii: "{"))
        key("from", first: true)
        number(request.from.nanoseconds / 1_000_000)
        key("to")
        number(request.to.nanoseconds / 1_000_000)
        key("revision")
        number(end.revision)
        key("namespaces")
        out.append(UInt8(ascii: "["))
        for (i, ns) in namespaces.sorted().enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(ns)
        }
        out.append(contentsOf: "]".utf8)
        key("rows")
        out.append(UInt8(ascii: "["))
        for (n, r) in rows.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            let id = "\(r.key.kind)/\(r.key.namespace)/\(r.key.name)"
            out.append(UInt8(ascii: "{"))
            key("id", first: true)
            string(id)
            key("kind")
            string(r.key.kind)
            key("namespace")
            string(r.key.namespace)
            key("name")
            string(r.key.name)
            key("uid")
            string(r.uid)
            if let owner = r.owner {
                key("owner")
                string(owner)
            }
            if let revision = revision(r) {
                key("revision")
                number(revision)
            }
            if let node = r.node {
                key("ref")
                string(node)
            }
            key("spans")
            out.append(UInt8(ascii: "["))
            for (i, s) in r.spans.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                number(max(s.begin, fromMS))
                out.append(UInt8(ascii: ","))
                if let e = s.end { number(e) } else { out.append(contentsOf: "null".utf8) }
                out.append(UInt8(ascii: ","))
                string(s.state)
                out.append(UInt8(ascii: ","))
                number(s.restarts)
                out.append(contentsOf: (s.terminating ? ",true]" : ",false]").utf8)
            }
            out.append(UInt8(ascii: "]"))
            if !r.restartMarks.isEmpty {
                key("restarts")
                out.append(UInt8(ascii: "["))
                for (i, t) in r.restartMarks.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    number(t)
                }
                out.append(UInt8(ascii: "]"))
            }
            if let deleted = r.deleted {
                key("deleted")
                number(deleted)
            }
            if let list = markers[id] {
                key("markers")
                JSONWriter().write(.array(list), to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        key("truncated")
        number(truncated)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The rows' order: by namespace, kind, then name (compared in place, no tuple of copies).
    static func inOrder(_ a: ObjectKey, _ b: ObjectKey) -> Bool {
        if a.namespace != b.namespace { return a.namespace < b.namespace }
        if a.kind != b.kind { return a.kind < b.kind }
        return a.name < b.name
    }

    /// Whether a row passes the page's filters.
    func keep(_ r: Row) -> Bool {
        if let name = request.name, !name.isEmpty {
            let ownerName = r.owner.map { String($0.split(separator: "/").last ?? "") } ?? ""
            guard Self.matches(r.key.name, name) || (!ownerName.isEmpty && Self.matches(ownerName, name)) else {
                return false
            }
        }
        if let actor = request.actor, !actor.isEmpty {
            guard r.actors.contains(where: { $0.contains(actor) }) else { return false }
        }
        return true
    }
}
