import KubeLedger
import Ledger

extension LedgerAPI {
    /// The span of the log: the earliest and latest occurrence times (not those of the first and
    /// last revisions: a backfill appends older events last) and the head revision.
    func range() throws -> JSONValue {
        let head = try history.head()
        guard head.revision > 0 else {
            return J.object([("revision", J.int(0)), ("first", .null), ("last", .null)])
        }
        var first: Timestamp?
        try history.positions(after: Timestamp(nanoseconds: .min), through: Timestamp(nanoseconds: .max)) { p in
            first = p.first.map { Timestamp(nanoseconds: $0.occurredAt) }
            return false
        }
        let latest = try history.ledger.occurrenceClock().latestOccurrence.map { Timestamp(nanoseconds: $0) }
        let last = try latest ?? history.point(.revision(head.revision)).time
        return J.object([
            ("revision", J.int(head.revision)), ("first", J.time(first ?? last)), ("last", J.time(last)),
        ])
    }

    /// `kubeledger get KIND` at a point: kubectl's columns and one row per object.
    func table(_ query: [String: String]) throws -> JSONValue {
        let kind = query["kind"].flatMap { $0.isEmpty ? nil : $0 } ?? "Pod"
        let at = try point(query)
        let ns = query["ns"].flatMap { $0.isEmpty ? nil : $0 }
        let objects = try history.objects(
            ObjectQuery(kind: kind, group: query["group"], namespace: ns), at: at,
            metadataOnly: GetView.needsOnlyMetadata(kind: kind))
        let limit = Int(query["limit"] ?? "") ?? 500
        let rows: [JSONValue] = objects.prefix(limit).map { o in
            let cells = GetView.cells(kind: kind, object: o.value, at: at.time, body: o.body).standard
            return J.object([
                ("namespace", .string(o.key.namespace)), ("name", .string(o.key.name)),
                ("cells", .array(cells.map { .string($0) })),
            ])
        }
        return J.object([
            ("kind", .string(kind)), ("revision", J.int(at.revision)), ("time", J.time(at.time)),
            ("columns", .array(GetView.columns(of: kind).standard.map { .string($0) })),
            ("rows", .array(rows)), ("total", J.int(objects.count)),
        ])
    }

    /// Every version of one object: revision, per-object version, occurrence time, actor, verb, source.
    func versions(_ query: [String: String]) throws -> JSONValue {
        let key = try objectKey(query)
        let list = try history.versions(of: key, includeBody: false)
        guard !list.isEmpty else { throw HistoryError.noHistory(object: key.name, namespace: key.namespace) }
        return J.object([
            ("kind", .string(key.kind)), ("group", .string(key.group)), ("namespace", .string(key.namespace)),
            ("name", .string(key.name)),
            (
                "versions",
                .array(
                    list.map { e in
                        J.object([
                            ("revision", J.int(e.revision)), ("version", J.int(e.objectVersion)),
                            ("time", J.time(e.occurredAt)), ("actor", .string(e.actor)),
                            ("verb", .string(e.verb.description)), ("source", .string(e.source.description)),
                            ("uid", .string(e.object.uid)),
                        ])
                    })
            ),
        ])
    }

    /// The YAML of one object at two revisions, noise hidden unless `noise=1`, and the unified diff.
    func diff(_ query: [String: String]) throws -> JSONValue {
        let key = try objectKey(query)
        guard let from = UInt64(try required(query, "from")), let to = UInt64(try required(query, "to")) else {
            throw Failure(status: 400, message: "'from' and 'to' must be revisions (numbers)")
        }
        let d = try history.diff(key, from: from, to: to, hideNoise: query["noise"] != "1")
        let name = KubeKind.resourceName(kind: key.kind, group: key.group) + "/" + key.name
        return J.object([
            ("from", .string(d.from.label)), ("to", .string(d.to.label)),
            ("unified", .string(d.unified(name: name))),
        ])
    }

    /// Field blame: every change of the field at `field`.
    func blame(_ query: [String: String]) throws -> JSONValue {
        let key = try objectKey(query)
        let path = try required(query, "field")
        let changes = try history.fieldChanges(of: key, path: path, displayName: key.name)
        func text(_ v: JSONValue?) -> JSONValue {
            guard let v else { return .null }
            if case .string(let s) = v { return .string(s) }
            return .string(String(decoding: JSONWriter().bytes(v), as: UTF8.self))
        }
        return J.object([
            ("field", .string(path)),
            (
                "changes",
                .array(
                    changes.map { c in
                        J.object([
                            ("revision", J.int(c.revision)), ("time", J.time(c.occurredAt)),
                            ("actor", .string(c.actor)),
                            ("verb", .string(c.verb.description)), ("old", text(c.oldValue)), ("new", text(c.newValue)),
                        ])
                    })
            ),
        ])
    }

    /// The whole rollout history of a workload, past `revisionHistoryLimit`.
    func rollouts(_ query: [String: String]) throws -> JSONValue {
        let kind = query["kind"].flatMap { $0.isEmpty ? nil : $0 } ?? "Deployment"
        let h = try history.rollouts(kind: kind, namespace: query["ns"] ?? "", name: try required(query, "name"))
        let current = h.current?.templateHash
        let revisions: [JSONValue] = h.revisions.map { r in
            J.object([
                ("number", J.int(r.number)), ("formerNumbers", .array(r.formerNumbers.map { J.int($0) })),
                ("hash", .string(r.templateHash)), ("images", .array(r.images.map { .string($0) })),
                ("changeCause", J.string(r.changeCause)), ("introduced", J.point(r.introduced)),
                ("object", J.string(r.objectName)), ("objectDeleted", r.objectDeleted.map(J.point)),
                ("reactivations", .array(r.reactivations.map(J.point))),
                ("current", .bool(r.templateHash == current)),
                (
                    "replicas",
                    .array(
                        r.replicas.map { c in
                            J.object([
                                ("time", J.time(c.at.time)), ("desired", J.int(c.desired)),
                                ("current", J.int(c.current)),
                                ("ready", J.int(c.ready)), ("available", J.int(c.available)),
                            ])
                        })
                ),
            ])
        }
        return J.object([
            ("kind", .string(h.kind)), ("namespace", .string(h.namespace)), ("name", .string(h.name)),
            ("uid", .string(h.uid)), ("paused", .bool(h.paused)), ("deleted", h.deleted.map(J.point)),
            ("revisions", .array(revisions)),
        ])
    }

    /// The manifest `kubeledger rollout undo` would print (shown; nothing is applied or recorded).
    func rollback(_ query: [String: String]) throws -> JSONValue {
        let kind = query["kind"].flatMap { $0.isEmpty ? nil : $0 } ?? "Deployment"
        guard let to = Int(query["revision"] ?? "0") else {
            throw Failure(status: 400, message: "'revision' must be a number")
        }
        let proposal: RollbackProposal
        do {
            proposal = try history.rollbackPlan(
                kind: kind, namespace: query["ns"] ?? "", name: try required(query, "name"), toRevision: to)
        } catch let e as RollbackError {
            throw Failure(status: 409, message: "\(e)")
        }
        switch proposal.plan {
        case .rollBack(let manifest, let revision, let message):
            return J.object([
                ("revision", J.int(revision)), ("message", .string(message)),
                ("yaml", .string(KubectlYAML.render(manifest))),
            ])
        case .skipped(let revision, let message):
            return J.object([("revision", J.int(revision)), ("message", .string(message)), ("skipped", .bool(true))])
        }
    }

    /// The StatefulSet identity ledger: one entry per ordinal.
    func identity(_ query: [String: String]) throws -> JSONValue {
        let id = try history.identity(namespace: query["ns"] ?? "", name: try required(query, "name"))
        let ordinals: [JSONValue] = id.ordinals.map { o in
            J.object([
                ("ordinal", J.int(o.ordinal)), ("pod", .string(o.pod)), ("dns", J.string(o.dns)),
                ("inRange", .bool(o.inRange)), ("state", .string(o.state)), ("uid", J.string(o.uid)),
                ("node", J.string(o.node)),
                (
                    "claims",
                    .array(
                        o.claims.map { c in
                            J.object([
                                ("template", .string(c.template)), ("name", .string(c.name)), ("uid", J.string(c.uid)),
                                ("phase", J.string(c.phase)), ("volume", J.string(c.volume)),
                                ("verified", .bool(c.verified)),
                                (
                                    "history",
                                    .array(
                                        c.history.map { h in
                                            J.object([
                                                ("uid", .string(h.uid)), ("phase", .string(h.phase)),
                                                ("created", J.point(h.created)),
                                                ("deleted", h.deleted.map(J.point)),
                                                (
                                                    "bindings",
                                                    .array(
                                                        h.bindings.map { b in
                                                            J.object([
                                                                ("volume", .string(b.volume)),
                                                                ("from", J.point(b.from)),
                                                            ])
                                                        })
                                                ),
                                            ])
                                        })
                                ),
                            ])
                        })
                ),
                (
                    "incarnations",
                    .array(
                        o.incarnations.map { p in
                            J.object([
                                ("uid", .string(p.uid)), ("phase", .string(p.phase)), ("created", J.point(p.created)),
                                ("terminating", p.terminating.map(J.point)), ("deleted", p.deleted.map(J.point)),
                                (
                                    "nodes",
                                    .array(
                                        p.nodes.map { n in
                                            J.object([("node", .string(n.node)), ("from", J.point(n.from))])
                                        })
                                ),
                            ])
                        })
                ),
            ])
        }
        return J.object([
            ("namespace", .string(id.namespace)), ("name", .string(id.name)), ("serviceName", .string(id.serviceName)),
            ("replicas", J.int(id.replicas)), ("whenScaled", .string(id.whenScaled)),
            ("whenDeleted", .string(id.whenDeleted)), ("deleted", .bool(id.isDeleted)),
            ("ordinals", .array(ordinals)),
        ])
    }
}
