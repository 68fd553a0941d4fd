// kubeledger-perf: release-mode figures for the projection fold and the import adapters.
//
//   swift build -c release --product kubeledger-perf
//   .build/release/kubeledger-perf [all|fold|fold-cluster|fold-separate|audit|audit-pods|audit-deployments|builtin]
//       [--events N] [--repeat K] [--pod-yaml PATH] [--full-pod]
//
// `fold` folds synthetic events (pods cloned from a real OpenShift console pod, their
// ReplicaSets and Deployments, StatefulSet and DaemonSet pods, claims) through all four
// projections, once with `ClusterProjections` (one parse per event) and once projection by
// projection. `audit` runs `AuditLogAdapter` over RequestResponse records holding the same pods.
// The measured loops are in functions named `perfMeasured…`, for
// `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*Measured*'`.
import Foundation
import KubeLedger
import Ledger

// MARK: - Arguments

var mode = "all"
var eventCount = 200_000
var repeats = 3
var fullPod = false
var podYAML =
    """
    /work/shared/corpus/openshift__must-gather-clean/test/files/must-gather-aws.tar.xz.d/namespaces/openshift-console/\
    core/pods.yaml
    """
var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "fold", "audit", "all", "fold-separate", "fold-cluster", "audit-pods", "audit-deployments", "builtin": mode = a
    case "--events": eventCount = Int(args.removeFirst())!
    case "--repeat": repeats = Int(args.removeFirst())!
    case "--pod-yaml": podYAML = args.removeFirst()
    case "--full-pod": fullPod = true
    default:
        FileHandle.standardError.write(
            Data(
                """
                usage: kubeledger-perf \
                [all|fold|fold-cluster|fold-separate|audit|audit-pods|audit-deployments|builtin] [--events N] \
                [--repeat K] [--pod-yaml PATH] [--full-pod]\n
                """
                .utf8))
        exit(2)
    }
}

// MARK: - The real pod

/// The first pod of the must-gather's openshift-console pods.yaml, as compact JSON.
func loadPod(_ podYAML: String) -> JSONValue {
    guard let data = FileManager.default.contents(atPath: podYAML) else {
        FileHandle.standardError.write(Data("cannot read \(podYAML) (pass --pod-yaml PATH)\n".utf8))
        exit(1)
    }
    let objects = try! ObjectDocumentReader().objects(from: Array(data), source: podYAML)
    let pod = objects.first { $0.reference.kind == "Pod" }!
    return try! JSONReader.parse(pod.body)
}

extension JSONValue {
    /// Sets the member at `path` (objects only; creates nothing but the last member).
    mutating func set(_ path: [String], _ value: JSONValue) {
        guard case .object(var o) = self, let first = path.first else { return }
        if path.count == 1 {
            o[first] = value
        } else {
            var child = o[first] ?? .object(JSONObject())
            child.set(Array(path.dropFirst()), value)
            o[first] = child
        }
        self = .object(o)
    }

    mutating func remove(_ path: [String]) {
        guard case .object(var o) = self, let first = path.first else { return }
        if path.count == 1 {
            o[first] = nil
        } else if var child = o[first] {
            child.remove(Array(path.dropFirst()))
            o[first] = child
        }
        self = .object(o)
    }
}

func s(_ v: String) -> JSONValue { .string(v) }
func n(_ v: Int) -> JSONValue { .number(String(v)) }
func obj(_ m: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(m)) }

/// Pod variants: one per (owner, pod, state) so the loop only picks bytes.
struct PodFactory {
    let base: JSONValue
    var spec: JSONValue { base["spec"]! }

    /// `trim`: bring the 9 KB pod to the 2–4 KB class of the targets by dropping what a typical
    /// pod lacks (a 2 KB crash message, CNI status annotations, tolerations, affinity) and keeping
    /// three of its seven volumes (and their mounts).
    init(_ pod: JSONValue, trim: Bool) {
        var p = pod
        // Keep the real object but drop its per-instance identity; the factory sets it.
        p.remove(["metadata", "generateName"])
        if trim {
            if case .object(let a)? = p["metadata"]?["annotations"] {
                p.set(
                    ["metadata", "annotations"],
                    .object(
                        JSONObject(
                            a.members.filter {
                                !$0.key.hasPrefix("k8s.v1.cni") && !$0.key.hasPrefix("workload.")
                                    && !$0.key.hasPrefix("console.openshift.io/") || $0.key.hasSuffix("/image")
                            }.map { ($0.key, $0.value) })))
            }
            p.remove(["spec", "tolerations"])
            p.remove(["spec", "affinity"])
            let keep: Set<String> = ["console-config", "service-ca", "kube-api-access-z6nbs"]
            if case .array(let volumes)? = p["spec"]?["volumes"] {
                p.set(["spec", "volumes"], .array(volumes.filter { keep.contains($0["name"]?.stringValue ?? "") }))
            }
            if case .array(var containers)? = p["spec"]?["containers"] {
                for i in containers.indices {
                    if case .array(let mounts)? = containers[i]["volumeMounts"] {
                        containers[i].set(
                            ["volumeMounts"], .array(mounts.filter { keep.contains($0["name"]?.stringValue ?? "") }))
                    }
                }
                p.set(["spec", "containers"], .array(containers))
            }
            if case .array(var statuses)? = p["status"]?["containerStatuses"] {
                for i in statuses.indices { statuses[i].remove(["lastState", "terminated", "message"]) }
                p.set(["status", "containerStatuses"], .array(statuses))
            }
        }
        base = p
    }

    func pod(
        name: String, uid: String, ownerKind: String, ownerName: String, node: String, ready: Bool, restarts: Int,
        ip: String
    ) -> [UInt8] {
        var p = base
        p.set(["metadata", "name"], s(name))
        p.set(["metadata", "uid"], s(uid))
        p.set(["metadata", "namespace"], s("ns"))
        p.set(
            ["metadata", "ownerReferences"],
            .array([
                obj([
                    ("apiVersion", s("apps/v1")), ("blockOwnerDeletion", .bool(true)), ("controller", .bool(true)),
                    ("kind", s(ownerKind)), ("name", s(ownerName)), ("uid", s("uid-" + ownerName)),
                ])
            ]))
        p.set(["spec", "nodeName"], s(node))
        p.set(["status", "podIP"], s(ip))
        p.set(["status", "podIPs"], .array([obj([("ip", s(ip))])]))
        if case .array(var conds)? = p["status"]?["conditions"] {
            for i in conds.indices {
                if let t = conds[i]["type"]?.stringValue, t == "Ready" || t == "ContainersReady" {
                    conds[i].set(["status"], s(ready ? "True" : "False"))
                }
            }
            p.set(["status", "conditions"], .array(conds))
        }
        if case .array(var cs)? = p["status"]?["containerStatuses"] {
            for i in cs.indices {
                cs[i].set(["ready"], .bool(ready))
                cs[i].set(["restartCount"], n(restarts))
            }
            p.set(["status", "containerStatuses"], .array(cs))
        }
        return JSONWriter().bytes(p)
    }

    /// A Deployment or ReplicaSet whose template is the pod's.
    func workload(kind: String, name: String, hash: String, generation: Int, ready: Int, owner: String?) -> [UInt8] {
        var labels: [(String, JSONValue)] = [("app", s(name)), ("component", s("ui"))]
        if kind == "ReplicaSet" { labels.append(("pod-template-hash", s(hash))) }
        var meta: [(String, JSONValue)] = [
            ("name", s(kind == "ReplicaSet" ? name + "-" + hash : name)), ("namespace", s("ns")),
            ("uid", s("uid-" + (kind == "ReplicaSet" ? name + "-" + hash : name))), ("generation", n(generation)),
            ("labels", obj(labels)),
            (
                "annotations",
                obj([
                    ("deployment.kubernetes.io/revision", s("1")),
                    ("deployment.kubernetes.io/desired-replicas", s("40")),
                ])
            ),
        ]
        if let owner {
            meta.append(
                (
                    "ownerReferences",
                    .array([
                        obj([
                            ("apiVersion", s("apps/v1")), ("controller", .bool(true)), ("kind", s("Deployment")),
                            ("name", s(owner)), ("uid", s("uid-" + owner)),
                        ])
                    ])
                ))
        }
        let template = obj([("metadata", obj([("labels", obj(labels))])), ("spec", spec)])
        return JSONWriter().bytes(
            obj([
                ("apiVersion", s("apps/v1")), ("kind", s(kind)), ("metadata", obj(meta)),
                (
                    "spec",
                    obj([
                        ("replicas", n(40)), ("selector", obj([("matchLabels", obj(labels))])), ("template", template),
                    ])
                ),
                (
                    "status",
                    obj([
                        ("observedGeneration", n(generation)), ("replicas", n(40)), ("readyReplicas", n(ready)),
                        ("availableReplicas", n(ready)),
                    ])
                ),
            ]))
    }

    func claim(name: String) -> [UInt8] {
        JSONWriter().bytes(
            obj([
                ("apiVersion", s("v1")), ("kind", s("PersistentVolumeClaim")),
                (
                    "metadata",
                    obj([
                        ("name", s(name)), ("namespace", s("ns")), ("uid", s("uid-" + name)),
                        ("finalizers", .array([s("kubernetes.io/pvc-protection")])),
                    ])
                ),
                (
                    "spec",
                    obj([
                        ("accessModes", .array([s("ReadWriteOnce")])),
                        ("resources", obj([("requests", obj([("storage", s("1Gi"))]))])),
                        ("volumeName", s("pv-" + name)),
                    ])
                ),
                ("status", obj([("phase", s("Bound")), ("capacity", obj([("storage", s("1Gi"))]))])),
            ]))
    }
}

// MARK: - Fold data

/// 50 Deployments × 40 pods, 10 StatefulSets × 3 pods, 2 DaemonSets × 7 nodes; per 20 events:
/// 2 ReplicaSet status writes, 1 Deployment status write, 1 claim, 1 StatefulSet pod,
/// 1 DaemonSet pod, 14 Deployment pods. Ready flips every 1,000 events; restarts cycle.
func makeFoldEvents(count: Int, factory f: PodFactory) -> (events: [RecordedEvent], bytes: Int) {
    var events: [RecordedEvent] = []
    events.reserveCapacity(count)
    var bytes = 0
    var cache: [String: [UInt8]] = [:]
    func cached(_ key: String, _ make: () -> [UInt8]) -> [UInt8] {
        if let b = cache[key] { return b }
        let b = make()
        cache[key] = b
        return b
    }
    for i in 0..<count {
        let t = Timestamp(nanoseconds: 1_700_000_000_000_000_000 + Int64(i) * 1_000_000)
        let d = i % 50
        let p = (i / 50) % 40
        let ready = (i / 1000) % 2 == 0
        let kind: String
        let group: String
        let name: String
        let body: [UInt8]
        let sub: String
        let actor: String
        switch i % 20 {
        case 0, 1:
            kind = "ReplicaSet"
            group = "apps"
            name = "web\(d)-6b45f48495"
            sub = "status"
            actor = "system:serviceaccount:kube-system:replicaset-controller"
            body = cached("rs\(d)/\(p)") {
                f.workload(
                    kind: "ReplicaSet", name: "web\(d)", hash: "6b45f48495", generation: 1, ready: p, owner: "web\(d)")
            }
        case 2:
            kind = "Deployment"
            group = "apps"
            name = "web\(d)"
            sub = "status"
            actor = "system:serviceaccount:kube-system:deployment-controller"
            body = cached("d\(d)/\(p)") {
                f.workload(kind: "Deployment", name: "web\(d)", hash: "", generation: 1, ready: p, owner: nil)
            }
        case 3:
            kind = "PersistentVolumeClaim"
            group = ""
            name = "data-db\(d % 10)-\(p % 3)"
            sub = ""
            actor = "system:serviceaccount:kube-system:persistent-volume-binder"
            body = cached("pvc" + name) { f.claim(name: name) }
        default:
            kind = "Pod"
            group = ""
            sub = "status"
            let r = i % 3
            switch i % 20 {
            case 4:
                name = "db\(d % 10)-\(p % 3)"
                actor = "system:node:n\(p % 3)"
                body = cached("\(name)/\(ready)/\(r)") {
                    f.pod(
                        name: name, uid: "uid-" + name, ownerKind: "StatefulSet", ownerName: "db\(d % 10)",
                        node: "n\(p % 3)", ready: ready, restarts: r, ip: "10.2.\(d % 10).\(p % 3)")
                }
            case 5:
                name = "ds\(d % 2)-\(p % 7)"
                actor = "system:node:n\(p % 7)"
                body = cached("\(name)/\(ready)/\(r)") {
                    f.pod(
                        name: name, uid: "uid-" + name, ownerKind: "DaemonSet", ownerName: "ds\(d % 2)",
                        node: "n\(p % 7)", ready: ready, restarts: r, ip: "10.3.\(d % 2).\(p % 7)")
                }
            default:
                name = "web\(d)-6b45f48495-p\(p)"
                actor = "system:node:n\(p % 7)"
                body = cached("\(name)/\(ready)/\(r)") {
                    f.pod(
                        name: name, uid: "uid-" + name, ownerKind: "ReplicaSet", ownerName: "web\(d)-6b45f48495",
                        node: "n\(p % 7)", ready: ready, restarts: r, ip: "10.1.\(d).\(p)")
                }
            }
        }
        bytes += body.count
        let apiVersion = group.isEmpty ? "v1" : group + "/v1"
        events.append(
            RecordedEvent(
                revision: UInt64(i + 1), recordedAt: t, objectVersion: 1, verb: .update,
                object: ObjectReference(
                    apiVersion: apiVersion, kind: kind, namespace: "ns", name: name, uid: "uid-" + name),
                subresource: sub, occurredAt: t, actor: actor, source: .watch, body: body))
    }
    return (events, bytes)
}

@inline(never)
func perfMeasuredFoldCluster(_ events: [RecordedEvent]) -> ClusterProjections {
    var set = ClusterProjections()
    for e in events { set.apply(e) }
    return set
}

@inline(never)
func perfMeasuredFoldSeparate(
    _ events: [RecordedEvent]
) -> (PodsProjection, RolloutsProjection, StatefulSetIdentityProjection, DaemonSetsProjection) {
    var pods = PodsProjection()
    var rollouts = RolloutsProjection()
    var identity = StatefulSetIdentityProjection()
    var daemons = DaemonSetsProjection()
    for e in events {
        pods.apply(e)
        rollouts.apply(e)
        identity.apply(e)
        daemons.apply(e)
    }
    return (pods, rollouts, identity, daemons)
}

// MARK: - Audit data

/// RequestResponse `update` records of pods (status writes by the kubelet), the object both as
/// request and response, as an API server writes them.
func makeAuditLog(count: Int, factory f: PodFactory) -> [UInt8] {
    var out: [UInt8] = []
    var bodies: [[UInt8]] = []
    for k in 0..<64 {
        bodies.append(
            f.pod(
                name: "web\(k)-6b45f48495-p\(k)", uid: "uid-\(k)", ownerKind: "ReplicaSet",
                ownerName: "web\(k)-6b45f48495", node: "n\(k % 7)", ready: k % 2 == 0, restarts: k % 3,
                ip: "10.1.0.\(k)"))
    }
    for i in 0..<count {
        let k = i % 64
        let object = bodies[k]
        out.append(
            contentsOf:
                #"""
                {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse",\#
                "auditID":"5d2c1f0e-8a7b-4c3d-9e1f-\#(String(format: "%012d", i))","stage":"ResponseComplete",\#
                "requestURI":"/api/v1/namespaces/ns/pods/web\#(k)-6b45f48495-p\#(k)/status","verb":"update",\#
                "user":{"username":"system:node:n\#(k % 7)","groups":["system:nodes","system:authenticated"]},\#
                "sourceIPs":["10.0.0.\#(k % 7)"],"userAgent":"kubelet/v1.32.0 (linux/amd64) \#
                kubernetes/70d3cc9","objectRef":{"resource":"pods","namespace":"ns",\#
                "name":"web\#(k)-6b45f48495-p\#(k)","uid":"uid-\#(k)","apiVersion":"v1","subresource":"status"},\#
                "responseStatus":{"metadata":{},"code":200},"requestObject":
                """#
                .utf8)
        out.append(contentsOf: object)
        out.append(contentsOf: #","responseObject":"#.utf8)
        out.append(contentsOf: object)
        out.append(
            contentsOf:
                #"""
                ,"requestReceivedTimestamp":"2026-11-26T10:00:00.000000Z",\#
                "stageTimestamp":"2026-11-26T10:00:00.001000Z","annotations":{"authorization.k8s.io/decision":"allow",\#
                "authorization.k8s.io/reason":""}}
                """#
                .utf8)
        out.append(0x0A)
    }
    return out
}

/// The records of `ThroughputTests.syntheticAuditLog` (Deployment updates with ~2.5 KB objects).
func makeDeploymentAuditLog(count: Int) -> [UInt8] {
    let labels = (0..<20).map { #""label-\#($0)":"value-\#($0)-abcdefghij""# }.joined(separator: ",")
    let env = (0..<30).map { #"{"name":"ENV_\#($0)","value":"some configuration value \#($0)"}"# }.joined(
        separator: ",")
    var out: [UInt8] = []
    for i in 0..<count {
        let object =
            #"""
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web-\#(i % 100)","namespace":"default",\#
            "uid":"uid-\#(i % 100)","resourceVersion":"\#(i + 1000)","generation":\#(i),"labels":{\#(labels)}},\#
            "spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"app",\#
            "image":"registry.example.com/app:\#(i)","env":[\#(env)]}]}}}}
            """#
        let line =
            #"""
            {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"audit-\#(i)",\#
            "stage":"ResponseComplete","requestURI":"/apis/apps/v1/namespaces/default/deployments/web-\#(i % 100)",\#
            "verb":"update","user":{"username":"system:serviceaccount:kube-system:deployment-controller",\#
            "groups":["system:serviceaccounts","system:authenticated"]},"sourceIPs":["10.0.0.1"],\#
            "userAgent":"kube-controller-manager/v1.32.0","objectRef":{"resource":"deployments","namespace":"default",\#
            "name":"web-\#(i % 100)","apiGroup":"apps","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":200},\#
            "requestObject":\#(object),"responseObject":\#(object),\#
            "requestReceivedTimestamp":"2026-11-26T10:00:00.000000Z","stageTimestamp":"2026-11-26T10:00:00.001000Z"}
            """#
        out.append(contentsOf: line.utf8)
        out.append(0x0A)
    }
    return out
}

@inline(never)
func perfMeasuredAudit(_ log: [UInt8]) -> Int {
    var events = 0
    log.withUnsafeBytes { b in
        AuditLogAdapter(source: "bench.log").read(b) { item in
            if case .event(let e, _) = item, e.body != nil { events += 1 }
        }
    }
    return events
}

// MARK: - Running

func seconds(_ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    let d = clock.measure(body)
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func best(_ repeats: Int, _ body: () -> Void) -> Double {
    var b = Double.infinity
    for _ in 0..<max(1, repeats) { b = min(b, seconds(body)) }
    return b
}

func fmt(_ v: Double) -> String { String(Int(v.rounded())) }

let pod = loadPod(podYAML)
let factory = PodFactory(pod, trim: !fullPod)
print(
    """
    machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) \
    GiB; best of \(repeats)
    """
)

if mode == "builtin" {
    let r = ProjectionBenchmark.run(eventCount: eventCount)
    print("ProjectionBenchmark.run: \(r)")
}

if mode == "fold" || mode == "all" || mode == "fold-separate" || mode == "fold-cluster" {
    let (events, bytes) = makeFoldEvents(count: eventCount, factory: factory)
    let podBytes = events.first { $0.object.kind == "Pod" }!.body!.count
    print("fold: \(events.count) events, \(bytes / events.count) B average body, pod \(podBytes) B")
    if mode != "fold-separate" {
        var checksum: [UInt8] = []
        let t = best(repeats) { checksum = perfMeasuredFoldCluster(events).checksum }
        print(
            """
            fold ClusterProjections: \(fmt(Double(events.count) / t)) events/s, \(fmt(Double(bytes) / t / 1e6)) MB/s \
            (\(checksum.prefix(4).map { String($0, radix: 16) }.joined()))
            """
        )
    }
    if mode != "fold-cluster" {
        let t = best(repeats) { _ = perfMeasuredFoldSeparate(events) }
        print(
            """
            fold four projections separately: \(fmt(Double(events.count) / t)) events/s, \
            \(fmt(Double(bytes) / t / 1e6)) MB/s
            """
        )
    }
}

for (name, make) in [
    ("audit-pods", { makeAuditLog(count: $0, factory: factory) }), ("audit-deployments", makeDeploymentAuditLog),
] as [(String, (Int) -> [UInt8])]
where mode == name || mode == "audit" || mode == "all" {
    let records = eventCount / 2
    let log = make(records)
    var events = 0
    let t = best(repeats) { events = perfMeasuredAudit(log) }
    precondition(events == records, "expected \(records) events, got \(events)")
    print(
        """
        \(name): \(records) RequestResponse records, \(log.count / records) B/record: \(fmt(Double(records) / t)) \
        events/s, \(fmt(Double(log.count) / t / 1e6)) MB/s
        """
    )
}
