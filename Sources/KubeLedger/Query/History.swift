public import Ledger

/// The one read entry point every front end calls (the CLI, `kubeledger serve`, the timeline
/// page): objects at a point in history, one object's versions, rollout history, StatefulSet
/// identity, diff, field blame and rollback plans, as typed answers the front ends only render.
///
/// Every method is a pure read: it takes one code path whether the store was opened writable or
/// read-only, and stores nothing (projection snapshots and derived caches are kept current by the
/// write side: ``Ingestor`` and `replay`). Where a read model lags the log, the missing tail is
/// folded in memory.
///
/// ```swift
/// let history = History(ledger: ledger)
/// let point = try history.point(.time(Timestamp(rfc3339: "2026-11-26T14:03:00Z")!))
/// let pods = try history.objects(ObjectQuery(kind: "Pod", group: ""), at: point)
/// ```
public struct History: Sendable {
    /// The log.
    public let ledger: Ledger
    let workloads: WorkloadQueries

    public init(ledger: Ledger) {
        self.ledger = ledger
        self.workloads = WorkloadQueries(ledger: ledger)
    }

    // MARK: - Points

    /// The head: every event recorded so far, AGE computed at now.
    public func head() throws -> HistoryPoint {
        try point(nil)
    }

    /// Resolves `point` (`nil`: the head, AGE as of now).
    ///
    /// - A time `T` is the cluster at `T`: every event that occurred at or before `T`, each object
    ///   at its latest version among them by (occurrence time, revision), whenever the events were
    ///   appended.
    /// - A revision `R` is the ledger at `R`: the events appended up to `R`, each object at its
    ///   latest version among them by (occurrence time, revision). Its reference time is when the
    ///   event at `R` (or the head's, beyond the head) occurred.
    ///
    /// On a log appended in occurrence order both are the prefix of the log up to a revision.
    public func point(_ point: PointInHistory?) throws -> HistoryPoint {
        let clock = try ledger.occurrenceClock()
        let head = clock.revision
        switch point {
        case nil:
            return HistoryPoint(
                revision: head, horizon: nil, time: .now(), isRevisionPrefix: clock.objectsInOrder(through: head))
        case .revision(let r)?:
            let t = try ledger.event(at: min(r, head), includeBody: false)?.occurredAt ?? .now()
            return HistoryPoint(
                revision: r, horizon: nil, time: t, isRevisionPrefix: clock.objectsInOrder(through: min(r, head)))
        case .time(let t)?:
            if clock.isPrefix(occurredAtOrBefore: t.nanoseconds) {
                // Every event that occurred by T precedes the first late one: a revision prefix.
                let r = try ledger.revision(atOrBefore: t) ?? 0
                return HistoryPoint(revision: r, horizon: t, time: t, isRevisionPrefix: true)
            }
            return HistoryPoint(revision: head, horizon: t, time: t, isRevisionPrefix: false)
        }
    }

    // MARK: - Objects at a point

    /// The objects `query` selects as they were at `point`, in key order (group/kind, namespace,
    /// name).
    ///
    /// - Parameter metadataOnly: parse only each object's `metadata` into
    ///   ``HistoricalObject/value`` (enough for a Pod table, whose other columns are picked from
    ///   the bytes); with a field selector the whole object is parsed.
    /// - Throws: ``HistoryError/notFound(resource:name:)`` when the query names one object and it
    ///   did not exist then; ``LedgerError`` when the log cannot be read.
    public func objects(
        _ query: ObjectQuery, at point: HistoryPoint, metadataOnly: Bool = false
    ) throws
        -> [HistoricalObject]
    {
        let found: [(ObjectKey, RecordedEvent)]
        if let group = query.group {
            found = try workloads.liveObjects(
                groupKind: "\(group)/\(query.kind)", namespace: query.namespace, name: query.name, in: point)
        } else {
            found = try workloads.liveObjects(
                groupKind: nil, kind: query.kind, namespace: query.namespace, name: query.name, in: point)
        }
        let out = selecting(found, query, metadataOnly: metadataOnly)
        if let name = query.name, out.isEmpty {
            throw HistoryError.notFound(resource: query.resourceName, name: name)
        }
        return out
    }

    /// The objects `query` selects among the versions `entries` (keys and the revisions that last
    /// wrote them, as ``liveEntries(_:at:)`` gives them), read and parsed, in the order given.
    ///
    /// With ``liveEntries(_:at:)`` it reads a long list one page at a time: the keys of the whole
    /// view are cheap (no object is read), and only the entries of a page are read and parsed.
    public func objects(
        _ query: ObjectQuery, entries: some Collection<(key: ObjectKey, revision: UInt64)>,
        metadataOnly: Bool = false
    ) throws -> [HistoricalObject] {
        let events = try ledger.events(at: entries.map(\.revision))
        return selecting(zip(entries.map(\.key), events).map { ($0, $1) }, query, metadataOnly: metadataOnly)
    }

    /// The objects of `query`'s kind (its namespace and name when given) live at `point`: their
    /// keys and the revisions that last wrote them, in key order, without reading any object.
    /// Selectors are not applied (they need the objects; see ``objects(_:entries:metadataOnly:)``).
    public func liveEntries(_ query: ObjectQuery, at point: HistoryPoint) throws
        -> [(key: ObjectKey, revision: UInt64)]
    {
        if let group = query.group {
            return try workloads.liveEntries(
                groupKind: "\(group)/\(query.kind)", namespace: query.namespace, name: query.name, in: point)
        }
        return try workloads.liveEntries(
            groupKind: nil, kind: query.kind, namespace: query.namespace, name: query.name, in: point)
    }

    /// The `get pods` rows of the core Pods `query` names (its namespace and name when given) at
    /// `point`, in key order: the live set's entries, then each version's row from the pod-rows
    /// cache (``PodRowCache``), computed from the object where the cache lacks it. No object is
    /// parsed when the cache is current. Print them with ``GetView/podTable(_:at:options:)``.
    ///
    /// Rows carry no labels: a query with a label or field selector must use
    /// ``objects(_:at:metadataOnly:)``.
    ///
    /// - Throws: ``HistoryError/notFound(resource:name:)`` when the query names one pod and it did
    ///   not exist then; ``LedgerError`` when the log cannot be read.
    public func podRows(_ query: ObjectQuery, at point: HistoryPoint) throws -> [PodRow] {
        precondition(query.labelSelector == nil && query.fieldSelector == nil, "selectors need the objects")
        let entries = try workloads.liveEntries(
            groupKind: "/Pod", namespace: query.namespace, name: query.name, in: point)
        let rows = try PodRowCache(ledger: ledger).rows(entries)
        if let name = query.name, rows.isEmpty {
            throw HistoryError.notFound(resource: query.resourceName, name: name)
        }
        return rows
    }

    /// The versions in `found` that `query`'s selectors keep, parsed (only `metadata` when
    /// `metadataOnly` and no field selector needs more).
    private func selecting(
        _ found: [(ObjectKey, RecordedEvent)], _ query: ObjectQuery, metadataOnly: Bool
    ) -> [HistoricalObject] {
        let needsWholeObject = !metadataOnly || query.fieldSelector != nil
        var out: [HistoricalObject] = []
        out.reserveCapacity(found.count)
        for (key, event) in found {
            guard let body = event.body,
                let value = try?
                    (needsWholeObject
                    ? JSONReader.parse(body, maxDepth: 10_000) : JSONReader.parseMetadata(body, maxDepth: 10_000))
            else { continue }
            if let selector = query.labelSelector, !selector.matches(value) { continue }
            if let selector = query.fieldSelector, !selector.matches(Self.namespaced(value, key)) { continue }
            out.append(HistoricalObject(key: key, event: event, value: Self.namespaced(value, key), body: body))
        }
        return out
    }

    /// `value` with `metadata.namespace` set from `key` when the stored object has none (objects
    /// appended from client-side manifests).
    public static func namespaced(_ value: JSONValue, _ key: ObjectKey) -> JSONValue {
        guard !key.namespace.isEmpty, value.value(atPath: "metadata.namespace") == nil,
            case .object(var o) = value, case .object(var m)? = o["metadata"]
        else { return value }
        m["namespace"] = .string(key.namespace)
        o["metadata"] = .object(m)
        return .object(o)
    }

    /// Every object live at `point` (one namespace, or all), of every kind: its key and the
    /// revision that last wrote it, in key order, without reading any object (one read of the
    /// live set, where ``liveEntries(_:at:)`` takes one per kind).
    public func liveEntries(namespace: String?, at point: HistoryPoint) throws
        -> [(key: ObjectKey, revision: UInt64)]
    {
        try workloads.liveEntries(groupKind: nil, namespace: namespace, in: point)
    }

    /// How many objects of each `group/kind` were live at `point` (one namespace, or all).
    public func liveCounts(namespace: String?, at point: HistoryPoint) throws -> [(groupKind: String, count: Int)] {
        var counts: [String: Int] = [:]
        for o in try workloads.liveEntries(groupKind: nil, namespace: namespace, in: point) {
            counts[o.key.groupKind, default: 0] += 1
        }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Every object live at `point` (one namespace, or all), parsed, in key order.
    public func allObjects(namespace: String?, at point: HistoryPoint) throws -> [JSONValue] {
        let live = try workloads.liveEntries(groupKind: nil, namespace: namespace, in: point)
        var items: [JSONValue] = []
        var index = 0
        while index < live.count {
            let chunk = live[index..<min(index + 4096, live.count)]
            for e in try ledger.events(at: chunk.map(\.revision)) {
                if let b = e.body, let v = try? JSONReader.parse(b, maxDepth: 10_000) { items.append(v) }
            }
            index += chunk.count
        }
        return items
    }

    // MARK: - Events

    /// The events `filter` selects, oldest first, passed to `visit` until it returns `false`.
    ///
    /// - Parameter includeBody: read each event's object (otherwise envelopes only, which is
    ///   faster).
    ///
    /// With a time window (``EventFilter/fromTime``, ``EventFilter/toTime``) the events are those
    /// that occurred in it, in position order (occurrence time, then revision), read through the
    /// `time` index; otherwise in revision order.
    public func events(
        _ filter: EventFilter, includeBody: Bool = true, _ visit: (RecordedEvent) throws -> Bool
    ) throws {
        guard filter.fromTime != nil || filter.toTime != nil else {
            return try ledger.scan(filter, includeBody: includeBody, visit)
        }
        let after = filter.fromTime.map { (occurredAt: $0.nanoseconds &- 1, revision: UInt64.max) }
        var going = true
        try ledger.scanPositions(after: after, through: filter.toTime?.nanoseconds, maxRevision: filter.toRevision) {
            revisions in
            guard going else { return false }
            let wanted = revisions.map(\.revision).filter { $0 >= filter.fromRevision }
            // Headers first: only the events the filter keeps have their objects read (and
            // decompressed), as the revision-ordered scan does.
            var kept = try ledger.events(at: wanted, includeBody: false).filter(filter.matches)
            if includeBody { kept = try ledger.events(at: kept.map(\.revision)) }
            for e in kept {
                going = try visit(e)
                if !going { return false }
            }
            return true
        }
    }

    /// The positions (occurrence time in ns, revision) of the events that occurred in
    /// `(after, through]` and were appended by `maxRevision`, in position order (occurrence time,
    /// then revision), passed in chunks to `visit` until it returns `false`. Read from the `time`
    /// index alone: no event is read (``events(at:includeBody:)`` reads the ones wanted).
    public func positions(
        after: Timestamp, through: Timestamp, maxRevision: UInt64 = .max,
        _ visit: ([(occurredAt: Int64, revision: UInt64)]) throws -> Bool
    ) throws {
        try ledger.scanPositions(
            after: (occurredAt: after.nanoseconds, revision: .max), through: through.nanoseconds,
            maxRevision: maxRevision, visit)
    }

    /// The events at `revisions`, in the order given (revisions with no event are left out),
    /// read in one transaction.
    ///
    /// - Parameter includeBody: read each event's object (otherwise envelopes only, which is
    ///   faster).
    public func events(at revisions: [UInt64], includeBody: Bool = true) throws -> [RecordedEvent] {
        try ledger.events(at: revisions, includeBody: includeBody)
    }

    /// What the events at `revisions` did to which objects (verb, object key), read from their
    /// headers alone (no string is decoded, no object read), in the order given.
    public func objectWrites(at revisions: [UInt64]) throws -> [ObjectWrite] {
        try ledger.objectWrites(at: revisions)
    }

    // MARK: - One object

    /// The key of `kind/name`: the group given, else the known kind's, else whichever group the
    /// log holds an object of that kind and name in. Cluster-scoped kinds ignore `namespace`.
    public func objectKey(kind: String, group: String?, namespace: String, name: String) throws -> ObjectKey {
        let ns = KubeKind.lookup(kind).map { $0.isNamespaced ? namespace : "" } ?? namespace
        if let group { return ObjectKey(group: group, kind: kind, namespace: ns, name: name) }
        let candidates = try ledger.liveObjects(groupKind: nil).map(\.key)
            .filter { $0.kind == kind && $0.name == name && ($0.namespace == ns || $0.namespace.isEmpty) }
        return candidates.first ?? ObjectKey(group: "", kind: kind, namespace: ns, name: name)
    }

    /// Every version of the object at `key` up to `revision`, oldest first by position
    /// (occurrence time, then revision).
    ///
    /// - Parameter includeBody: read each version's object (otherwise envelopes only).
    public func versions(
        of key: ObjectKey, upTo revision: UInt64 = .max, includeBody: Bool = true
    ) throws
        -> [RecordedEvent]
    {
        let view = try point(.revision(revision))
        let revisions = try workloads.inPositionOrder(
            ledger.history(of: key, upTo: revision).map(\.revision), in: view)
        return try ledger.events(at: revisions, includeBody: includeBody)
    }

    /// The object at `key` as YAML at two revisions (ledger views; see ``point(_:)``).
    ///
    /// - Parameter hideNoise: leave out `managedFields`, `resourceVersion` and status timestamps
    ///   (``DiffNoiseFilter``).
    public func diff(_ key: ObjectKey, from: UInt64, to: UInt64, hideNoise: Bool = true) throws -> ObjectDiff {
        try diff(key, from: point(.revision(from)), to: point(.revision(to)), hideNoise: hideNoise)
    }

    /// The object at `key` as YAML in two views, each its latest version there by position.
    ///
    /// - Parameter hideNoise: leave out `managedFields`, `resourceVersion` and status timestamps
    ///   (``DiffNoiseFilter``).
    public func diff(_ key: ObjectKey, from: HistoryPoint, to: HistoryPoint, hideNoise: Bool = true) throws
        -> ObjectDiff
    {
        func side(_ view: HistoryPoint) throws -> ObjectDiff.Side {
            let r = view.revision
            guard let entry = try workloads.latest(of: key, in: view) else {
                return .init(yaml: "", label: "absent@\(r)")
            }
            if entry.verb == .delete { return .init(yaml: "", label: "deleted@\(entry.revision)") }
            guard let body = try ledger.event(at: entry.revision)?.body,
                let v = try? JSONReader.parse(body, maxDepth: 10_000)
            else { return .init(yaml: "", label: "@\(entry.revision)") }
            return .init(
                yaml: KubectlYAML.render(hideNoise ? DiffNoiseFilter.filter(v) : v), label: "@\(entry.revision)")
        }
        return ObjectDiff(from: try side(from), to: try side(to))
    }

    /// Every change of the field at `path` of the object at `key` (blame), oldest first.
    ///
    /// - Throws: ``HistoryError/noHistory(object:namespace:)`` when the object has no version.
    public func fieldChanges(of key: ObjectKey, path: String, displayName: String) throws -> [FieldChange] {
        let events = try versions(of: key)
        guard !events.isEmpty else { throw HistoryError.noHistory(object: displayName, namespace: key.namespace) }
        return FieldHistory.changes(of: path, in: events)
    }

    // MARK: - Workloads

    /// The rollout history of a Deployment, StatefulSet or DaemonSet as it was at `revision`.
    ///
    /// - Throws: ``HistoryError/notFound(resource:name:)`` when it never existed by then.
    public func rollouts(
        kind: String, namespace: String, name: String, at revision: UInt64 = .max
    ) throws
        -> WorkloadRollouts
    {
        try rollouts(kind: kind, namespace: namespace, name: name, in: point(.revision(revision)))
    }

    /// The rollout history of a Deployment, StatefulSet or DaemonSet in the view `point`, its
    /// revisions numbered in occurrence order.
    ///
    /// - Throws: ``HistoryError/notFound(resource:name:)`` when it never existed by then.
    public func rollouts(
        kind: String, namespace: String, name: String, in point: HistoryPoint
    ) throws
        -> WorkloadRollouts
    {
        guard let h = try workloads.rollouts(kind: kind, namespace: namespace, name: name, in: point) else {
            throw HistoryError.notFound(resource: KubeKind.resourceName(kind: kind, group: "apps"), name: name)
        }
        return h
    }

    /// The identity ledger of StatefulSet `namespace/name` as it was at `revision`.
    ///
    /// - Throws: ``HistoryError/notFound(resource:name:)`` when it never existed by then.
    public func identity(namespace: String, name: String, at revision: UInt64 = .max) throws -> StatefulSetIdentity {
        try identity(namespace: namespace, name: name, in: point(.revision(revision)))
    }

    /// The identity ledger of StatefulSet `namespace/name` in the view `point`.
    ///
    /// - Throws: ``HistoryError/notFound(resource:name:)`` when it never existed by then.
    public func identity(namespace: String, name: String, in point: HistoryPoint) throws -> StatefulSetIdentity {
        guard let id = try workloads.identity(namespace: namespace, name: name, in: point) else {
            throw HistoryError.notFound(resource: "statefulsets.apps", name: name)
        }
        return id
    }

    /// What rolling workload `kind` `namespace/name` back to revision `toRevision` (0: the
    /// previous one) takes, planned from the whole history (past `revisionHistoryLimit`).
    ///
    /// - Throws: ``HistoryError/notFound(resource:name:)`` when the workload is not live;
    ///   ``RollbackError`` when the revision is unknown.
    public func rollbackPlan(kind: String, namespace: String, name: String, toRevision: Int) throws -> RollbackProposal
    {
        let key = ObjectKey(group: "apps", kind: kind, namespace: namespace, name: name)
        guard let latest = try workloads.latest(of: key, in: head()), latest.verb != .delete,
            let event = try ledger.event(at: latest.revision), let body = event.body,
            let current = try? JSONReader.parse(body, maxDepth: 10_000),
            let h = try workloads.rollouts(kind: kind, namespace: namespace, name: name, in: head())
        else {
            throw HistoryError.notFound(resource: KubeKind.resourceName(kind: kind, group: "apps"), name: name)
        }
        let revisions = h.visibleRevisions.map { r in
            RollbackRevision(
                number: r.number, template: r.template,
                annotations: r.changeCause.map { [(key: Annotation.changeCause, value: $0)] } ?? [])
        }
        let plan =
            kind == "Deployment"
            ? try RollbackPlanner.deployment(current: current, revisions: revisions, toRevision: toRevision)
            : try RollbackPlanner.controllerRevision(
                kind: kind, current: current, revisions: revisions, toRevision: toRevision)
        return RollbackProposal(plan: plan, current: event, currentVersion: latest.version)
    }
}
