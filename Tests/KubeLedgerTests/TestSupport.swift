import Foundation

@testable import KubeLedger
@testable import Ledger

/// Test inputs next to this file.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func json(_ name: String) -> JSONValue {
        let data = (try? Data(contentsOf: directory.appendingPathComponent(name))) ?? Data()
        return (try? JSONReader.parse([UInt8](data))) ?? .null
    }

    /// `shared/corpus`; nil when absent.
    static let corpus: URL? = Corpus.root.map { URL(fileURLWithPath: $0) }
}

extension JSONValue {
    /// A copy with the member at `path` set (objects created on the way); `nil` removes it.
    func setting(_ path: [String], _ value: JSONValue?) -> JSONValue {
        guard let key = path.first else { return value ?? .null }
        var o = objectValue ?? JSONObject()
        if path.count == 1 {
            o[key] = value
        } else {
            o[key] = (o[key] ?? .object(JSONObject())).setting(Array(path.dropFirst()), value)
        }
        return .object(o)
    }

    func setting(_ path: String, _ value: JSONValue?) -> JSONValue {
        setting(path.split(separator: ".").map(String.init), value)
    }

    var bytes: [UInt8] { JSONWriter().bytes(self) }

    static func obj(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members)) }
    static func str(_ s: String) -> JSONValue { .string(s) }
    static func int(_ n: Int) -> JSONValue { .number("\(n)") }
}

/// A sequence of events with increasing revisions and times, folded into projections.
struct Scenario {
    var events: [RecordedEvent] = []
    var clock = Timestamp(rfc3339: "2026-01-01T00:00:00Z")!

    /// Appends an event for `object` (kind, namespace and name read from it).
    mutating func add(
        _ verb: Verb, _ object: JSONValue, actor: String = "alice", subresource: String = "",
        source: EventSource = .watch,
        after seconds: Int64 = 60, annotations: [Annotation] = []
    ) {
        let apiVersion = object["apiVersion"]?.stringValue ?? "v1"
        let ref = ObjectReference(
            apiVersion: apiVersion, kind: object["kind"]?.stringValue ?? "",
            namespace: object["metadata"]?["namespace"]?.stringValue ?? "",
            name: object["metadata"]?["name"]?.stringValue ?? "", uid: object["metadata"]?["uid"]?.stringValue ?? "")
        add(
            verb, ref, body: object.bytes, actor: actor, subresource: subresource, source: source, after: seconds,
            annotations: annotations)
    }

    /// Appends an event with raw body bytes (or none).
    mutating func add(
        _ verb: Verb, _ ref: ObjectReference, body: [UInt8]?, actor: String = "alice", subresource: String = "",
        source: EventSource = .watch, after seconds: Int64 = 60, annotations: [Annotation] = []
    ) {
        clock = Timestamp(nanoseconds: clock.nanoseconds + seconds * 1_000_000_000)
        let rev = UInt64(events.count + 1)
        events.append(
            RecordedEvent(
                revision: rev, recordedAt: clock, objectVersion: 1, verb: verb, object: ref, subresource: subresource,
                resourceVersion: "\(rev)", occurredAt: clock, actor: actor, groups: [], userAgent: "", sourceIP: "",
                source: source,
                eventID: "e\(rev)", annotations: annotations, body: body, previousHash: [], hash: []))
    }

    func fold<P: Projection>(_: P.Type = P.self) -> P {
        var p = P()
        for e in events { p.apply(e) }
        return p
    }
}

/// Objects as the API server and controllers would write them.
enum K8s {
    static let namespace = "default"

    static func meta(_ o: JSONValue, uid: String, created: String = "2026-01-01T00:00:00Z") -> JSONValue {
        o.setting("metadata.namespace", .str(namespace)).setting("metadata.uid", .str(uid))
            .setting("metadata.creationTimestamp", .str(created))
    }

    /// A Deployment from a kubectl fixture, as stored.
    static func deployment(
        _ fixture: String, uid: String = "d-1", generation: Int = 1, caughtUp: Bool = false
    ) -> JSONValue {
        var d = meta(Fixture.json(fixture), uid: uid).setting("metadata.generation", .int(generation))
        if caughtUp { d = d.setting("status.observedGeneration", .int(generation)) }
        return d
    }

    static func ownerRef(_ kind: String, _ name: String, _ uid: String) -> JSONValue {
        .array([
            .obj([
                ("apiVersion", .str("apps/v1")), ("kind", .str(kind)), ("name", .str(name)), ("uid", .str(uid)),
                ("controller", .bool(true)), ("blockOwnerDeletion", .bool(true)),
            ])
        ])
    }

    /// The ReplicaSet the deployment controller makes for `deployment`'s template (Appendix A).
    static func replicaSet(
        of deployment: JSONValue, hash: String, revision: Int?, history: String? = nil, replicas: Int = 1,
        ready: Int = 0,
        changeCause: String? = nil, template: JSONValue? = nil
    ) -> JSONValue {
        let name = deployment["metadata"]!["name"]!.stringValue!
        let tpl = (template ?? deployment["spec"]!["template"]!).setting(
            ["metadata", "labels", "pod-template-hash"], .str(hash))
        var rs = JSONValue.obj([
            ("apiVersion", .str("apps/v1")), ("kind", .str("ReplicaSet")),
            (
                "metadata",
                .obj([("name", .str("\(name)-\(hash)")), ("namespace", .str(namespace)), ("uid", .str("rs-\(hash)"))])
            ),
            ("spec", .obj([("replicas", .int(replicas)), ("template", tpl)])),
            (
                "status",
                .obj([("replicas", .int(replicas)), ("readyReplicas", .int(ready)), ("availableReplicas", .int(ready))])
            ),
        ])
        rs = rs.setting(["metadata", "labels", "app"], .str(name)).setting(
            ["metadata", "labels", "pod-template-hash"], .str(hash))
        if let revision {
            rs = rs.setting(["metadata", "annotations", "deployment.kubernetes.io/revision"], .str("\(revision)"))
        }
        if let history {
            rs = rs.setting(["metadata", "annotations", "deployment.kubernetes.io/revision-history"], .str(history))
        }
        if let changeCause {
            rs = rs.setting(["metadata", "annotations", "kubernetes.io/change-cause"], .str(changeCause))
        }
        return rs.setting(
            ["metadata", "ownerReferences"],
            ownerRef("Deployment", name, deployment["metadata"]?["uid"]?.stringValue ?? "d-1"))
    }

    /// A pod as the kubelet reports it.
    static func pod(
        _ name: String, uid: String, owner: (kind: String, name: String, uid: String)? = nil, node: String? = nil,
        phase: String = "Pending",
        ready: Bool = false, claims: [String] = [], deletion: String? = nil, grace: Int? = nil
    ) -> JSONValue {
        var p = JSONValue.obj([
            ("apiVersion", .str("v1")), ("kind", .str("Pod")),
            (
                "metadata",
                .obj([
                    ("name", .str(name)), ("namespace", .str(namespace)), ("uid", .str(uid)),
                    ("creationTimestamp", .str("2026-01-01T00:00:00Z")),
                ])
            ),
            ("spec", .obj([("containers", .array([.obj([("name", .str("nginx")), ("image", .str("nginx:1.25"))])]))])),
            ("status", .obj([("phase", .str(phase))])),
        ])
        if let owner { p = p.setting(["metadata", "ownerReferences"], ownerRef(owner.kind, owner.name, owner.uid)) }
        if let node { p = p.setting("spec.nodeName", .str(node)) }
        if !claims.isEmpty {
            p = p.setting(
                "spec.volumes",
                .array(
                    claims.map {
                        .obj([("name", .str("www")), ("persistentVolumeClaim", .obj([("claimName", .str($0))]))])
                    }))
        }
        if phase == "Running" {
            p = p.setting(
                "status.conditions",
                .array([.obj([("type", .str("Ready")), ("status", .str(ready ? "True" : "False"))])]))
            p = p.setting(
                "status.containerStatuses",
                .array([
                    .obj([
                        ("name", .str("nginx")), ("ready", .bool(ready)), ("restartCount", .int(0)),
                        ("started", .bool(true)),
                        ("state", .obj([("running", .obj([("startedAt", .str("2026-01-01T00:00:05Z"))]))])),
                    ])
                ]))
        }
        if let deletion { p = p.setting("metadata.deletionTimestamp", .str(deletion)) }
        if let grace { p = p.setting("metadata.deletionGracePeriodSeconds", .int(grace)) }
        return p
    }

    static func pvc(
        _ name: String, uid: String, volume: String? = nil, phase: String = "Pending", deleting: Bool = false
    ) -> JSONValue {
        var c = JSONValue.obj([
            ("apiVersion", .str("v1")), ("kind", .str("PersistentVolumeClaim")),
            (
                "metadata",
                .obj([
                    ("name", .str(name)), ("namespace", .str(namespace)), ("uid", .str(uid)),
                    ("finalizers", .array([.str("kubernetes.io/pvc-protection")])),
                ])
            ),
            (
                "spec",
                .obj([
                    ("accessModes", .array([.str("ReadWriteOnce")])),
                    ("resources", .obj([("requests", .obj([("storage", .str("1Gi"))]))])),
                ])
            ),
            ("status", .obj([("phase", .str(phase))])),
        ])
        if let volume { c = c.setting("spec.volumeName", .str(volume)) }
        if deleting { c = c.setting("metadata.deletionTimestamp", .str("2026-01-01T01:00:00Z")) }
        return c
    }

    static func pv(
        _ name: String, claim: String, claimUID: String, phase: String = "Bound", policy: String = "Delete"
    ) -> JSONValue {
        .obj([
            ("apiVersion", .str("v1")), ("kind", .str("PersistentVolume")),
            ("metadata", .obj([("name", .str(name)), ("uid", .str("uid-\(name)"))])),
            (
                "spec",
                .obj([
                    ("capacity", .obj([("storage", .str("1Gi"))])), ("accessModes", .array([.str("ReadWriteOnce")])),
                    ("persistentVolumeReclaimPolicy", .str(policy)),
                    (
                        "claimRef",
                        .obj([
                            ("kind", .str("PersistentVolumeClaim")), ("namespace", .str(namespace)),
                            ("name", .str(claim)), ("uid", .str(claimUID)),
                        ])
                    ),
                ])
            ),
            ("status", .obj([("phase", .str(phase))])),
        ])
    }

    /// The StatefulSet fixture, as stored.
    static func statefulSet(
        _ fixture: String = "statefulset-web.json", uid: String = "s-1", replicas: Int = 3
    ) -> JSONValue {
        meta(Fixture.json(fixture), uid: uid).setting("spec.replicas", .int(replicas))
    }

    /// A ControllerRevision of `set` with its template (§3.6).
    static func controllerRevision(
        of set: JSONValue, hash: String, revision: Int, changeCause: String? = nil
    ) -> JSONValue {
        let name = set["metadata"]!["name"]!.stringValue!
        var cr = JSONValue.obj([
            ("apiVersion", .str("apps/v1")), ("kind", .str("ControllerRevision")),
            (
                "metadata",
                .obj([("name", .str("\(name)-\(hash)")), ("namespace", .str(namespace)), ("uid", .str("cr-\(hash)"))])
            ),
            (
                "data",
                .obj([("spec", .obj([("template", set["spec"]!["template"]!.setting("$patch", .str("replace")))]))])
            ),
            ("revision", .int(revision)),
        ])
        cr = cr.setting(["metadata", "labels", "controller.kubernetes.io/hash"], .str(hash))
        if let changeCause {
            cr = cr.setting(["metadata", "annotations", "kubernetes.io/change-cause"], .str(changeCause))
        }
        return cr.setting(
            ["metadata", "ownerReferences"],
            ownerRef(set["kind"]?.stringValue ?? "StatefulSet", name, set["metadata"]?["uid"]?.stringValue ?? "s-1"))
    }
}
