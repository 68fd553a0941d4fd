/// Why a rollback cannot be planned; ``description`` is kubectl's exact message.
public enum RollbackError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `--to-revision` is negative, or names no revision in the history.
    case revisionNotFound(Int)
    /// `--to-revision=0` (the default) on a Deployment with fewer than two revisions.
    case noRolloutHistory(name: String)
    /// `--to-revision=0` on a StatefulSet or DaemonSet with at most one revision.
    case noLastRevision
    /// The Deployment is paused.
    case paused
    /// The current object has no `spec.template`, or a revision's data has none.
    case malformed(String)

    public var description: String {
        switch self {
        case .revisionNotFound(let n): "unable to find specified revision \(n) in history"
        case .noRolloutHistory(let name): "no rollout history found for deployment \"\(name)\""
        case .noLastRevision: "no last revision to roll back to"
        case .paused:
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
        case .malformed(let what): what
        }
    }
}

/// A past revision a rollback can return to: its number, its pod template and (Deployments) the
/// annotations of its ReplicaSet. For StatefulSets and DaemonSets the template is the one in the
/// ControllerRevision's `data` (`spec.template`, `$patch` removed).
public struct RollbackRevision: Sendable, Equatable {
    public var number: Int
    public var template: JSONValue
    public var annotations: [(key: String, value: String)]

    public init(number: Int, template: JSONValue, annotations: [(key: String, value: String)] = []) {
        self.number = number
        self.template = template
        self.annotations = annotations
    }

    public static func == (a: RollbackRevision, b: RollbackRevision) -> Bool {
        a.number == b.number && a.template == b.template && a.annotations.map(\.key) == b.annotations.map(\.key)
            && a.annotations.map(\.value) == b.annotations.map(\.value)
    }
}

/// What `kubeledger rollout undo` would do.
public enum RollbackPlan: Sendable, Equatable {
    /// Apply `manifest`; kubectl would print `message` (`deployment.apps/web rolled back`).
    case rollBack(manifest: JSONValue, revision: Int, message: String)
    /// Nothing to do: `message` is kubectl's
    /// (`deployment.apps/web skipped rollback (current template already matches revision 2)`).
    case skipped(revision: Int, message: String)
}

/// Plans `kubectl rollout undo` as kubectl's client-side rollback does (k8s-semantics §1.15,
/// §1.5, §1.12, §3.7), as a pure function of the current object and its revisions.
public enum RollbackPlanner {
    /// Annotations a Deployment keeps on rollback and never takes from the ReplicaSet (§1.5).
    public static let skippedAnnotations: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision",
        "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to",
    ]

    /// Plans undoing a Deployment to `toRevision` (0: the second-highest revision).
    ///
    /// The manifest is `current` with `spec.template` replaced by the target's template without
    /// its `pod-template-hash` label, and `metadata.annotations` replaced by: the Deployment's own
    /// values of ``skippedAnnotations`` plus every other annotation of the target ReplicaSet.
    /// - Throws: ``RollbackError``, whose description is kubectl's message.
    public static func deployment(
        current: JSONValue, revisions: [RollbackRevision], toRevision: Int
    ) throws(RollbackError) -> RollbackPlan {
        let name = current.value(atPath: "metadata.name")?.stringValue ?? ""
        let target = try choose(revisions, toRevision: toRevision, none: .noRolloutHistory(name: name))
        if current.value(atPath: "spec.paused")?.boolValue == true { throw .paused }
        guard let currentTemplate = current.value(atPath: "spec.template") else {
            throw .malformed("deployment \"\(name)\" has no spec.template")
        }
        let template = withoutHashLabel(target.template)
        if withoutHashLabel(currentTemplate) == template {
            return .skipped(
                revision: target.number,
                message:
                    """
                    deployment.apps/\(name) skipped rollback (current template already matches revision \
                    \(target.number))
                    """
            )
        }
        guard case .object(var object) = current, case .object(var spec)? = object["spec"] else {
            throw .malformed("deployment \"\(name)\" has no spec")
        }
        spec["template"] = template
        object["spec"] = .object(spec)
        var metadata = object["metadata"]?.objectValue ?? JSONObject()
        let own = metadata["annotations"]?.objectValue ?? JSONObject()
        var annotations = JSONObject()
        for (k, v) in zip(own.keys, own.values) where skippedAnnotations.contains(k) { annotations[k] = v }
        for a in target.annotations where !skippedAnnotations.contains(a.key) { annotations[a.key] = .string(a.value) }
        metadata["annotations"] = .object(annotations)
        object["metadata"] = .object(metadata)
        return .rollBack(
            manifest: .object(object), revision: target.number, message: "deployment.apps/\(name) rolled back")
    }

    /// Plans undoing a StatefulSet (`kind` `StatefulSet`) or DaemonSet (`DaemonSet`) to
    /// `toRevision` from its ControllerRevisions: skipped when the current template equals the
    /// revision's; otherwise `current` with the revision's template (what the strategic merge
    /// patch of the revision's `data` yields for `spec.template`).
    /// - Throws: ``RollbackError``.
    public static func controllerRevision(
        kind: String, current: JSONValue, revisions: [RollbackRevision], toRevision: Int
    ) throws(RollbackError) -> RollbackPlan {
        let name = current.value(atPath: "metadata.name")?.stringValue ?? ""
        let resource = "\(kind.lowercased()).apps/\(name)"
        let target = try choose(revisions, toRevision: toRevision, none: .noLastRevision)
        guard case .object(var object) = current, case .object(var spec)? = object["spec"],
            let currentTemplate = spec["template"]
        else {
            throw .malformed("\(kind.lowercased()) \"\(name)\" has no spec.template")
        }
        var template = target.template
        if case .object(var t) = template {
            t["$patch"] = nil
            template = .object(t)
        }
        if currentTemplate == template {
            return .skipped(
                revision: target.number,
                message: "\(resource) skipped rollback (current template already matches revision \(target.number))")
        }
        spec["template"] = template
        object["spec"] = .object(spec)
        return .rollBack(manifest: .object(object), revision: target.number, message: "\(resource) rolled back")
    }

    private static func choose(
        _ revisions: [RollbackRevision], toRevision: Int, none: RollbackError
    ) throws(RollbackError) -> RollbackRevision {
        if toRevision < 0 { throw .revisionNotFound(toRevision) }
        if toRevision > 0 {
            // Two entries with one number: the later wins, as kubectl's map does (§8 #42).
            guard let r = revisions.last(where: { $0.number == toRevision }) else {
                throw .revisionNotFound(toRevision)
            }
            return r
        }
        let numbers = Set(revisions.map(\.number)).sorted()
        guard numbers.count >= 2 else { throw none }
        let second = numbers[numbers.count - 2]
        return revisions.last(where: { $0.number == second })!
    }

    /// `template` without `metadata.labels["pod-template-hash"]`.
    public static func withoutHashLabel(_ template: JSONValue) -> JSONValue {
        guard case .object(var t) = template, case .object(var meta)? = t["metadata"],
            case .object(var labels)? = meta["labels"]
        else {
            return template
        }
        labels["pod-template-hash"] = nil
        meta["labels"] = .object(labels)
        t["metadata"] = .object(meta)
        return .object(t)
    }
}
