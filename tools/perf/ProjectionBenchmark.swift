import KubeLedger
import Ledger

/// A quick fold benchmark for release builds (not used by unit tests).
///
/// ```swift
/// let r = ProjectionBenchmark.run(eventCount: 200_000)
/// print(r.eventsPerSecond)
/// ```
enum ProjectionBenchmark {
    /// What a run measured.
    struct Result: Sendable, CustomStringConvertible {
        var events: Int
        var bytes: Int
        var seconds: Double
        var eventsPerSecond: Double { Double(events) / seconds }
        var description: String {
            "\(events) events (\(bytes / max(events, 1)) B avg) folded by all four projections in "
                + "\(Int(seconds * 1000)) ms: \(Int(eventsPerSecond)) events/s"
        }
    }

    /// Folds `events` through all four projections; returns the elapsed seconds.
    static func fold(events: [RecordedEvent]) -> Double {
        var set = ClusterProjections()
        let start = Timestamp.now()
        for e in events { set.apply(e) }
        return Double((Timestamp.now().nanoseconds - start.nanoseconds)) / 1e9
    }

    /// Generates `eventCount` synthetic events (pods of 50 Deployments and 10 StatefulSets going
    /// through status updates, ReplicaSet and Deployment status writes, claims; 2–4 KB bodies)
    /// and folds them through all four projections.
    static func run(eventCount: Int) -> Result {
        var inputs: [RecordedEvent] = []
        inputs.reserveCapacity(eventCount)
        var bytes = 0
        let padding = String(repeating: "x", count: 1500)
        for i in 0..<eventCount {
            let rev = UInt64(i + 1)
            let t = Timestamp(nanoseconds: 1_700_000_000_000_000_000 + Int64(i) * 1_000_000)
            let d = i % 50
            let p = (i / 50) % 40
            let ctx: Context
            let group: String
            let body: String
            switch i % 20 {
            case 0, 1:
                ctx = Context(
                    revision: rev, time: t, actor: "system:serviceaccount:kube-system:replicaset-controller",
                    verb: .update, kind: "ReplicaSet", namespace: "ns", name: "web\(d)-abc")
                group = "apps"
                body = """
                    {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web\(d)-5f4d8b7c9",\
                    "namespace":"ns","uid":"rs-\(d)","labels":{"app":"web\(d)","pod-template-hash":"5f4d8b7c9"},\
                    "annotations":{"deployment.kubernetes.io/revision":"1",\
                    "deployment.kubernetes.io/desired-replicas":"40"},"ownerReferences":[{"apiVersion":"apps/v1",\
                    "kind":"Deployment","name":"web\(d)","uid":"d-\(d)","controller":true,"blockOwnerDeletion":true}],\
                    "managedFields":[{"manager":"kube-controller-manager","fieldsV1":{"f:x":"\(padding)"}}]},\
                    "spec":{"replicas":40,"selector":{"matchLabels":{"app":"web\(d)","pod-template-hash":"5f4d8b7c9"}},\
                    "template":{"metadata":{"labels":{"app":"web\(d)","pod-template-hash":"5f4d8b7c9"}},\
                    "spec":{"containers":[{"name":"nginx","image":"nginx:1.25","resources":{"requests":{"cpu":"100m",\
                    "memory":"128Mi"}},"ports":[{"containerPort":80,"protocol":"TCP"}]}],"restartPolicy":"Always",\
                    "terminationGracePeriodSeconds":30}}},"status":{"replicas":40,"readyReplicas":\(p),\
                    "availableReplicas":\(p),"observedGeneration":1}}
                    """
            case 2:
                ctx = Context(
                    revision: rev, time: t, verb: .update, kind: "Deployment", namespace: "ns", name: "web\(d)")
                group = "apps"
                body = """
                    {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web\(d)","namespace":"ns",\
                    "uid":"d-\(d)","generation":1,"annotations":{"deployment.kubernetes.io/revision":"1"},\
                    "managedFields":[{"manager":"kubectl","fieldsV1":{"f:x":"\(padding)"}}]},"spec":{"replicas":40,\
                    "selector":{"matchLabels":{"app":"web\(d)"}},"template":{"metadata":{"labels":{"app":"web\(d)"}},\
                    "spec":{"containers":[{"name":"nginx","image":"nginx:1.25","resources":{"requests":{"cpu":"100m",\
                    "memory":"128Mi"}},"ports":[{"containerPort":80,"protocol":"TCP"}]}],"restartPolicy":"Always",\
                    "terminationGracePeriodSeconds":30}}},"status":{"observedGeneration":1,"replicas":40,\
                    "readyReplicas":\(p),"updatedReplicas":40}}
                    """
            case 3:
                ctx = Context(
                    revision: rev, time: t, verb: .update, kind: "PersistentVolumeClaim", namespace: "ns",
                    name: "data-db\(d % 10)-\(p % 3)")
                group = ""
                body = """
                    {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data-db\(d % 10)-\(p % 3)",\
                    "namespace":"ns","uid":"pvc-\(d % 10)-\(p % 3)","finalizers":["kubernetes.io/pvc-protection"],\
                    "managedFields":[{"manager":"kube-controller-manager","fieldsV1":{"f:x":"\(padding)"}}]},\
                    "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},\
                    "volumeName":"pv-\(d % 10)-\(p % 3)","storageClassName":"standard"},"status":{"phase":"Bound",\
                    "accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"}}}
                    """
            default:
                let sts = i % 20 == 4
                let owner =
                    sts
                    ? #"""
                    {"apiVersion":"apps/v1","kind":"StatefulSet","name":"db\#(d % 10)","uid":"s-\#(d % 10)",\#
                    "controller":true}
                    """#
                    : #"""
                    {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web\#(d)-5f4d8b7c9","uid":"rs-\#(d)",\#
                    "controller":true}
                    """#
                let name = sts ? "db\(d % 10)-\(p % 3)" : "web\(d)-5f4d8b7c9-p\(p)"
                ctx = Context(
                    revision: rev, time: t, actor: "system:node:n\(p % 7)", verb: .update, kind: "Pod", namespace: "ns",
                    name: name, subresource: "status")
                group = ""
                let ready = (i / 1000) % 2 == 0 ? "True" : "False"
                body = """
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(name)","namespace":"ns","uid":"u-\(name)",\
                    "creationTimestamp":"2026-01-01T00:00:00Z","labels":{"app":"web\(d)",\
                    "pod-template-hash":"5f4d8b7c9"},"ownerReferences":[\(owner)],\
                    "managedFields":[{"manager":"kubelet","fieldsV1":{"f:x":"\(padding)"}}]},\
                    "spec":{"volumes":[{"name":"kube-api-access",\
                    "projected":{"sources":[{"serviceAccountToken":{"path":"token"}}]}}],"containers":[{"name":"nginx",\
                    "image":"nginx:1.25","resources":{"requests":{"cpu":"100m"}},\
                    "volumeMounts":[{"name":"kube-api-access","mountPath":"/var/run/secrets"}]}],\
                    "nodeName":"n\(p % 7)","restartPolicy":"Always"},"status":{"phase":"Running",\
                    "conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"\(ready)"},\
                    {"type":"ContainersReady","status":"\(ready)"},{"type":"PodScheduled","status":"True"}],\
                    "hostIP":"10.0.0.\(p % 7)","podIP":"10.1.\(d).\(p)","podIPs":[{"ip":"10.1.\(d).\(p)"}],\
                    "startTime":"2026-01-01T00:00:01Z","containerStatuses":[{"name":"nginx",\
                    "state":{"running":{"startedAt":"2026-01-01T00:00:02Z"}},"lastState":{},"ready":\(ready == "True"),\
                    "restartCount":\(i % 3),"image":"nginx:1.25","imageID":"docker.io/library/nginx@sha256:abc",\
                    "containerID":"containerd://abc","started":true}],"qosClass":"Burstable"}}
                    """
            }
            let b = Array(body.utf8)
            bytes += b.count
            inputs.append(
                RecordedEvent(
                    revision: ctx.revision, recordedAt: ctx.time, objectVersion: 1, verb: ctx.verb,
                    object: ObjectReference(
                        apiVersion: group.isEmpty ? "v1" : group + "/v1", kind: ctx.kind, namespace: ctx.namespace,
                        name: ctx.name),
                    subresource: ctx.subresource, occurredAt: ctx.time, actor: ctx.actor, source: .watch, body: b))
        }
        var set = ClusterProjections()
        let start = Timestamp.now()
        for e in inputs { set.apply(e) }
        let seconds = Double(Timestamp.now().nanoseconds - start.nanoseconds) / 1e9
        return Result(events: eventCount, bytes: bytes, seconds: seconds)
    }
}

/// The envelope fields of one synthetic event.
private struct Context {
    var revision: UInt64
    var time: Timestamp
    var actor = ""
    var verb: Verb
    var kind: String
    var namespace: String
    var name: String
    var subresource = ""
}
