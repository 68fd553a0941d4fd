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
            .sorted { ($0.key.namespace, $0.key.kind, $0.key.name) < ($1.key.namespace, $1.key.kind, $1.key.name) }
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

    /// The rows after the filters, workloads with their rollout markers, as JSON.
    func render(
        rows all: [ObjectKey: Row], namespaces: Set<String>, end: HistoryPoint, rollouts: Rollouts, maxPods: Int
    ) -> JSONValue {
        var rows = all.values.filter(keep).sorted {
            ($0.key.namespace, $0.key.kind, $0.key.name) < ($1.key.namespace, $1.key.kind, $1.key.name)
        }
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
        var out: [JSONValue] = []
        out.reserveCapacity(rows.count)
        for r in rows {
            let id = "\(r.key.kind)/\(r.key.namespace)/\(r.key.name)"
            let spans: [JSONValue] = r.spans.map { s in
                .array([
                    J.int(max(s.begin, fromMS)), s.end.map { J.int($0) } ?? .null, .string(s.state),
                    J.int(s.restarts), .bool(s.terminating),
                ])
            }
            out.append(
                J.object([
                    ("id", .string(id)), ("kind", .string(r.key.kind)), ("namespace", .string(r.key.namespace)),
                    ("name", .string(r.key.name)), ("uid", .string(r.uid)), ("owner", J.string(r.owner)),
                    ("revision", revision(r).map { J.int($0) }), ("ref", J.string(r.node)),
                    ("spans", .array(spans)),
                    ("restarts", r.restartMarks.isEmpty ? nil : .array(r.restartMarks.map { J.int($0) })),
                    ("deleted", r.deleted.map { J.int($0) }), ("markers", markers[id].map { .array($0) }),
                ]))
        }
        return J.object([
            ("from", J.time(request.from)), ("to", J.time(request.to)), ("revision", J.int(end.revision)),
            ("namespaces", .array(namespaces.sorted().map { .string($0) })),
            ("rows", .array(out)), ("truncated", J.int(truncated)),
        ])
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
