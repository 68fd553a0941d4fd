import KubeLedger
import Ledger

/// What one stored version does to its object's row on the timeline, picked once from the event
/// (its header, and its body parsed by kind) so that a later window folds it without reading or
/// parsing anything again (``TimelineDigest``). A class: windows share the remembered steps
/// without copying their strings.
final class TimelineStep: Sendable {
    /// The row's state after a version with a body, as ``TimelineWindow`` folds it.
    struct State: Sendable {
        /// `metadata.uid` when the version carries one (`nil`: the row keeps its uid).
        var uid: String?
        /// The span's state: a pod's phase, a claim's or volume's phase, a node's readiness,
        /// `Live` for a workload.
        var phase: String
        /// `metadata.deletionTimestamp` is set.
        var terminating: Bool
        /// A pod's restarts over its containers.
        var restarts: Int
        /// A pod's node, a claim's volume, a volume's claim (`nil`: the row keeps its own).
        var ref: String?
        /// A pod's owning workload and template hash (``TimelineWindow/owner(of:namespace:)``).
        var owner: String?
        var hash: String?
        /// A workload's `metadata.generation` (as JSON), else its `spec.template` (as JSON): a
        /// change means its template may have changed.
        var template: [UInt8]?
    }

    let revision: UInt64
    let key: ObjectKey
    /// Occurrence time, ms since the epoch.
    let time: Int64
    let isDelete: Bool
    let actor: String
    /// The uid in the event's header.
    let headerUID: String
    let hasBody: Bool
    /// `nil` when the event has no body or its body does not parse.
    let state: State?

    /// The step of `event` (read with its body when it has one).
    init(_ event: RecordedEvent) {
        revision = event.revision
        key = event.object.key
        time = event.occurredAt.nanoseconds / 1_000_000
        isDelete = event.verb == .delete
        actor = event.actor
        headerUID = event.object.uid
        hasBody = event.body != nil
        let (kind, namespace) = (event.object.kind, event.object.namespace)
        var state = isDelete ? nil : event.body.flatMap { TimelineStep.state(kind: kind, namespace: namespace, $0) }
        // The same uid in the header and the object: one string, not two (the server keeps many steps).
        if state?.uid == event.object.uid { state?.uid = event.object.uid }
        self.state = state
    }

    /// The row state of one version's body, by kind; `nil` when it does not parse.
    static func state(kind: String, namespace: String, _ body: [UInt8]) -> State? {
        switch kind {
        case "Pod":
            guard let pod = PodSummary(json: body) else { return nil }
            let (owner, hash) = TimelineWindow.owner(of: pod, namespace: namespace)
            return State(
                uid: pod.uid.isEmpty ? nil : pod.uid, phase: pod.phase.isEmpty ? "Pending" : pod.phase,
                terminating: pod.deletionTimestamp != nil,
                restarts: pod.containerStatuses.reduce(0) { $0 + $1.restartCount },
                ref: pod.nodeName.isEmpty ? nil : pod.nodeName, owner: owner, hash: hash)
        case _ where TimelineWindow.workloadKinds.contains(kind):
            guard let metadata = try? JSONReader.parseMetadata(body, maxDepth: 10_000) else { return nil }
            return state(kind: kind, TimelineWindow.workloadValue(metadata, body: body))
        default:
            guard let value = try? JSONReader.parse(body, maxDepth: 10_000) else { return nil }
            return state(kind: kind, value)
        }
    }

    /// The row state of a parsed version of a workload, claim, volume or node.
    static func state(kind: String, _ value: JSONValue) -> State {
        let metadata = value["metadata"]
        var s = State(
            uid: metadata?["uid"]?.stringValue, phase: "Live", terminating: metadata?["deletionTimestamp"] != nil,
            restarts: 0)
        switch kind {
        case "PersistentVolumeClaim", "PersistentVolume":
            s.phase = value.value(atPath: "status.phase")?.stringValue ?? "Pending"
            if kind == "PersistentVolumeClaim" {
                s.ref = value.value(atPath: "spec.volumeName")?.stringValue
            } else if let claim = value.value(atPath: "spec.claimRef.name")?.stringValue {
                s.ref = (value.value(atPath: "spec.claimRef.namespace")?.stringValue ?? "") + "/" + claim
            }
        case "Node":
            let ready = (value.value(atPath: "status.conditions")?.arrayValue ?? []).first {
                $0["type"]?.stringValue == "Ready"
            }
            s.phase = ready?["status"]?.stringValue == "True" ? "Ready" : "NotReady"
        default:
            // metadata.generation when the object has one (it counts spec changes: a template
            // change is one), else the template's bytes.
            s.template =
                value.value(atPath: "metadata.generation").map { JSONWriter().bytes($0) }
                ?? JSONWriter().bytes(value.value(atPath: "spec.template") ?? .null)
        }
        return s
    }
}
