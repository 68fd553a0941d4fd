public import Ledger

/// Answers per-workload questions (rollout history, StatefulSet identity) by folding only the
/// events of the objects involved, found through the `objects` index: a Deployment and the
/// ReplicaSets named `<name>-…`; a StatefulSet, its ControllerRevisions, pods `<name>-N`, claims
/// `<template>-<name>-N` and the volumes they bind. The cost follows the workload's own history,
/// not the log's length.
public struct WorkloadQueries: Sendable {
    public let ledger: Ledger

    public init(ledger: Ledger) { self.ledger = ledger }

    /// Revisions at or before `r` of every event of `keys`, ascending and distinct.
    func revisions(of keys: [ObjectKey], upTo r: UInt64) throws -> [UInt64] {
        var all: [UInt64] = []
        for key in keys { all += try ledger.history(of: key, upTo: r).map(\.revision) }
        return Array(Set(all)).sorted()
    }

    func fold<P: Projection>(_ projection: inout P, revisions: [UInt64]) throws {
        var index = 0
        while index < revisions.count {
            let chunk = Array(revisions[index..<min(index + 2048, revisions.count)])
            for e in try ledger.events(at: chunk) { projection.apply(e) }
            index += chunk.count
        }
    }

    /// The rollout history of a Deployment, StatefulSet or DaemonSet as it was at revision `r`.
    public func rollouts(kind: String, namespace: String, name: String, at requested: UInt64 = .max) throws -> WorkloadRollouts? {
        // Never beyond the head read now: an object created while this runs is either wholly in
        // the fold or wholly after it, so a cache written below can never skip its events.
        let r = min(requested, try ledger.lastRevision())
        let owner = ObjectKey(group: "apps", kind: kind, namespace: namespace, name: name)
        var keys = [owner]
        let childKind = kind == "Deployment" ? "apps/ReplicaSet" : "apps/ControllerRevision"
        keys += try ledger.objectKeys(groupKind: childKind, namespace: namespace, namePrefix: name + "-")
        // Start from this workload's cached fold at or before r, if any (see `cacheThreshold`).
        let cache = Self.rolloutsCacheName(kind: kind, namespace: namespace, name: name)
        let amendments = try ledger.amendmentCount()
        var projection = RolloutsProjection(keepingAllRevisions: true)
        var from: UInt64 = 0
        if let cached = try ledger.snapshot(cache, atOrBefore: r), cached.bytes.count > 8,
            cached.bytes[0..<8].reduce(UInt64(0), { $0 << 8 | UInt64($1) }) == amendments,
            var restored = try? RolloutsProjection(decoding: Array(cached.bytes[8...]))
        {
            restored.keepsAllRevisions = true
            projection = restored
            from = cached.revision
        }
        let pending = try revisions(of: keys, upTo: r).filter { $0 > from }
        try fold(&projection, revisions: pending)
        if pending.count >= Self.cacheThreshold, projection.lastRevision > from {
            // Derived data: a read-only store (or a full map) just does without it. Only the
            // latest fold is kept.
            var bytes = withUnsafeBytes(of: amendments.bigEndian) { Array($0) }
            bytes += projection.encoded()
            try? ledger.dropProjection(cache)
            try? ledger.storeSnapshots(cache, [(projection.lastRevision, bytes, projection.checksum)])
        }
        return projection.history(kind: kind, namespace: namespace, name: name)
    }

    /// Events folded by one `rollouts` query beyond which the fold is cached in the store.
    ///
    /// `rollout history` would otherwise fold every event of the workload and its ReplicaSets on
    /// every call, a cost that grows with the workload's age (28 ms at 300,000 events). The cache
    /// is a snapshot of the workload's projection at the last revision folded, kept under
    /// ``rolloutsCacheName(kind:namespace:name:)`` in `snapshots` (the latest only), with the
    /// store's amendment count: the log is append-only, so only an amendment (an actor learned
    /// later from an audit record, see provenance.md) can make it stale, and then it is not used.
    /// The name carries ``rolloutsFoldVersion``, so a binary that folds differently starts anew.
    public static let cacheThreshold = 512

    /// Bumped whenever the rollouts fold changes what it computes.
    public static let rolloutsFoldVersion = 2

    /// The `snapshots` name of a workload's cached rollout fold.
    public static func rolloutsCacheName(kind: String, namespace: String, name: String) -> String {
        "workload-rollouts-f\(rolloutsFoldVersion)/" + RolloutsProjection.key(kind: kind, namespace: namespace, name: name)
    }

    /// The identity ledger of StatefulSet `namespace/name` as it was at revision `r`.
    public func identity(namespace: String, name: String, at r: UInt64 = .max) throws -> StatefulSetIdentity? {
        let set = ObjectKey(group: "apps", kind: "StatefulSet", namespace: namespace, name: name)
        let setRevisions = try ledger.history(of: set, upTo: r).map(\.revision)
        guard !setRevisions.isEmpty else { return nil }
        // Claim templates ever used by the set give the claim name prefixes.
        var templates = Set<String>()
        for e in try ledger.events(at: setRevisions) {
            guard let body = e.body, let obj = try? JSONReader.parse(body) else { continue }
            for t in obj.value(atPath: "spec.volumeClaimTemplates")?.arrayValue ?? [] {
                if let n = t.value(atPath: "metadata.name")?.stringValue { templates.insert(n) }
            }
        }
        var keys = [set]
        keys += try ledger.objectKeys(groupKind: "/Pod", namespace: namespace, namePrefix: name + "-")
        for t in templates.sorted() {
            keys += try ledger.objectKeys(groupKind: "/PersistentVolumeClaim", namespace: namespace, namePrefix: "\(t)-\(name)-")
        }
        var projection = StatefulSetIdentityProjection(keepingAllIncarnations: true)
        let base = try revisions(of: keys, upTo: r)
        try fold(&projection, revisions: base)
        // Second pass with the volumes the claims point at.
        let volumes = Set(projection.identity(namespace: namespace, name: name)?.ordinals.flatMap { $0.claims.compactMap(\.volume) } ?? [])
            .union(try claimVolumeNames(keys.filter { $0.kind == "PersistentVolumeClaim" }, upTo: r))
        if !volumes.isEmpty {
            let pvKeys = volumes.sorted().map { ObjectKey(group: "", kind: "PersistentVolume", namespace: "", name: $0) }
            var refolded = StatefulSetIdentityProjection(keepingAllIncarnations: true)
            try fold(&refolded, revisions: try revisions(of: keys + pvKeys, upTo: r))
            projection = refolded
        }
        return projection.identity(namespace: namespace, name: name)
    }

    /// Every `spec.volumeName` the claims ever had.
    private func claimVolumeNames(_ claims: [ObjectKey], upTo r: UInt64) throws -> Set<String> {
        var out = Set<String>()
        for key in claims {
            for e in try ledger.events(at: ledger.history(of: key, upTo: r).map(\.revision)) {
                guard let body = e.body, let obj = try? JSONReader.parse(body),
                    let v = obj.value(atPath: "spec.volumeName")?.stringValue, !v.isEmpty
                else { continue }
                out.insert(v)
            }
        }
        return out
    }

    /// The objects live at revision `r` with the revision of the event that last wrote each, in
    /// key order: from the live set read model (``ProjectionStore/liveObjects(groupKind:kind:namespace:name:at:)``),
    /// whose cost follows the live set, or, when that cannot be stored (a read-only store far
    /// from its snapshots), by walking the `objects` index, whose cost follows every object ever
    /// seen. Both give the same answer.
    ///
    /// - Parameters:
    ///   - groupKind: `group/kind` (`apps/Deployment`, `/Pod`), or `nil` for every kind.
    ///   - kind: a kind in any group (`Pod`).
    ///   - namespace: one namespace (empty for cluster-scoped objects), or `nil` for all.
    ///   - name: one name, or `nil` for all.
    public func liveEntries(
        groupKind: String?, kind: String? = nil, namespace: String?, name: String? = nil, at r: UInt64 = .max
    ) throws -> [(key: ObjectKey, revision: UInt64)] {
        if let live = try ProjectionStore(ledger: ledger).liveObjects(groupKind: groupKind, kind: kind, namespace: namespace, name: name, at: r) {
            return live.map { ($0.key, $0.entry.revision) }
        }
        return try ledger.liveObjects(groupKind: groupKind, namespace: groupKind == nil ? nil : namespace, atOrBefore: r)
            .filter { found in
                (kind == nil || found.key.kind == kind) && (namespace == nil || found.key.namespace == namespace)
                    && (name == nil || found.key.name == name)
            }
            .map { ($0.key, $0.entry.revision) }
    }

    /// The objects of `groupKind` (every kind when `nil`; only `kind` when given) live at revision
    /// `r` (optionally one namespace, one name), with the event that last wrote each, in key order.
    public func liveObjects(
        groupKind: String?, kind: String? = nil, namespace: String?, name: String? = nil, at r: UInt64 = .max
    ) throws -> [(ObjectKey, RecordedEvent)] {
        var found: [(key: ObjectKey, revision: UInt64)]
        if let groupKind, let name, let namespace {
            // One object: one O(log n) seek in the `objects` index.
            let key = ObjectKey(encoded: Array(groupKind.utf8) + [0] + Array(namespace.utf8) + [0] + Array(name.utf8) + [0])!
            found = try ledger.latest(of: key, atOrBefore: r).map { [(key, $0)] }?.filter { $0.1.verb != .delete }.map { ($0.0, $0.1.revision) } ?? []
            if let kind { found = found.filter { $0.key.kind == kind } }
        } else {
            found = try liveEntries(groupKind: groupKind, kind: kind, namespace: namespace, name: name, at: r)
        }
        let events = try ledger.events(at: found.map(\.revision))
        return zip(found.map(\.key), events).map { ($0, $1) }
    }
}
