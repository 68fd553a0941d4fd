public import Ledger

/// `kubectl rollout history` output for a workload's history from ``RolloutsProjection``.
public enum RolloutHistoryView {
    /// What can go wrong, with kubectl's messages.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// `--revision` names no revision: `unable to find the specified revision`.
        case revisionNotFound(Int)
        /// A negative `--revision`.
        case negativeRevision(Int)

        public var description: String {
            switch self {
            case .revisionNotFound: "unable to find the specified revision"
            case .negativeRevision(let n): "revision must be a positive integer: \(n)"
            }
        }
    }

    /// `deployment.apps`, `statefulset.apps`, `daemonset.apps`.
    public static func resource(_ kind: String) -> String { kind.lowercased() + ".apps" }

    /// The text kubectl prints (§1.14): `deployment.apps/web ` (one trailing space), the
    /// `REVISION  CHANGE-CAUSE` table (or `No rollout history found.`), and a final blank line.
    /// With `revision` > 0: `deployment.apps/web with revision #N` and the pod template as
    /// kubectl describes it (for Deployments with the change-cause added to its annotations).
    ///
    /// - Throws: ``Failure`` for a negative or unknown revision.
    /// - Parameter wide: `-o wide`: FIRST-SEEN (RFC 3339, UTC), ACTOR (`<unknown>` when none was
    ///   recorded) and IMAGES (comma-separated) after kubectl's two columns.
    public static func text(_ h: WorkloadRollouts, revision: Int = 0, wide: Bool = false) throws(Failure) -> String {
        if revision < 0 { throw .negativeRevision(revision) }
        let head = "\(resource(h.kind))/\(h.name)"
        let visible = h.visibleRevisions
        if revision > 0 {
            guard let r = visible.first(where: { $0.number == revision }) else { throw .revisionNotFound(revision) }
            var template = r.template
            if h.kind == "Deployment", let cc = r.changeCause, !cc.isEmpty, case .object(var o) = template {
                var meta = o["metadata"]?.objectValue ?? JSONObject()
                var ann = meta["annotations"]?.objectValue ?? JSONObject()
                ann[Annotation.changeCause] = .string(cc)
                meta["annotations"] = .object(ann)
                o["metadata"] = .object(meta)
                template = .object(o)
            }
            return "\(head) with revision #\(revision)\n" + PodTemplateDescriber.describe(template) + "\n"
        }
        if visible.isEmpty { return "\(head) \nNo rollout history found.\n" }
        let rows = visible.map { r -> [String] in
            let cells = ["\(r.number)", (r.changeCause ?? "").isEmpty ? "<none>" : r.changeCause!]
            guard wide else { return cells }
            let actor = r.introduced.actor.isEmpty ? "<unknown>" : r.introduced.actor
            return cells + [r.firstSeen.rfc3339(), actor, r.images.isEmpty ? "<none>" : r.images.joined(separator: ",")]
        }
        let header = ["REVISION", "CHANGE-CAUSE"] + (wide ? ["FIRST-SEEN", "ACTOR", "IMAGES"] : [])
        return "\(head) \n" + KubectlTable.layout([header] + rows, minWidth: 0, padding: 2) + "\n"
    }

    /// The `-o json` document: `{"kind","namespace","name","current","revisions":[…]}` where each
    /// revision has `revision`, `templateHash`, `templateHashDerived`, `changeCause` (or null),
    /// `actor`, `firstSeen`, `images`, `revisionHistory`, `introducedAtRevision`, `object`,
    /// `objectDeleted`, `replicas` (over time) and `template`.
    public static func json(_ h: WorkloadRollouts) -> JSONValue {
        let revisions = h.visibleRevisions.map { r -> JSONValue in
            var o: [(String, JSONValue)] = [
                ("revision", .number("\(r.number)")),
                ("templateHash", .string(r.templateHash)),
                ("templateHashDerived", .bool(r.templateHashDerived)),
                ("changeCause", r.changeCause.map(JSONValue.string) ?? .null),
                ("actor", .string(r.introduced.actor)),
                ("firstSeen", .string(r.firstSeen.rfc3339())),
                ("images", .array(r.images.map(JSONValue.string))),
                ("revisionHistory", .array(r.formerNumbers.map { .number("\($0)") })),
                ("numberObserved", .bool(r.numberObserved)),
                ("introducedAtRevision", .number("\(r.introduced.revision)")),
                ("object", r.objectName.map(JSONValue.string) ?? .null),
                ("objectDeleted", r.objectDeleted.map { .string($0.time.rfc3339()) } ?? .null),
            ]
            o.append(("reactivations", .array(r.reactivations.map(pointJSON))))
            o.append(
                (
                    "replicas",
                    .array(
                        r.replicas.map {
                            .object(
                                JSONObject([
                                    ("time", .string($0.at.time.rfc3339())), ("revision", .number("\($0.at.revision)")),
                                    ("desired", .number("\($0.desired)")), ("current", .number("\($0.current)")),
                                    ("ready", .number("\($0.ready)")), ("available", .number("\($0.available)")),
                                ]))
                        })
                ))
            o.append(("template", r.template))
            return .object(JSONObject(o))
        }
        return .object(
            JSONObject([
                ("kind", .string(h.kind)), ("namespace", .string(h.namespace)), ("name", .string(h.name)),
                ("current", h.current.map { .number("\($0.number)") } ?? .null),
                ("revisions", .array(revisions)),
            ]))
    }

    static func pointJSON(_ p: LogPoint) -> JSONValue {
        .object(
            JSONObject([
                ("revision", .number("\(p.revision)")), ("time", .string(p.time.rfc3339())),
                ("actor", .string(p.actor)),
            ]))
    }
}
