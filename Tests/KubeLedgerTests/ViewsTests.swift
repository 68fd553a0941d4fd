import Foundation
import Testing

@testable import KubeLedger
@testable import Ledger

@Suite struct ViewsTests {
    let at = Timestamp(rfc3339: "2026-01-01T03:02:00Z")!

    @Test(arguments: [
        (0, "0s"), (-1, "0s"), (-5, "<invalid>"), (119, "119s"), (120, "2m"), (330, "5m30s"), (600, "10m"),
        (10_799, "179m"),
        (10_800, "3h"), (10_920, "3h2m"), (8 * 3600, "8h"), (47 * 3600, "47h"), (48 * 3600, "2d"), (51 * 3600, "2d3h"),
        (8 * 86400, "8d"), (800 * 86400, "2y70d"), (9 * 365 * 86400, "9y"),
    ])
    func `ages print as kubectl's HumanDuration`(seconds: Int, text: String) {
        #expect(KubectlAge.humanDuration(seconds: Int64(seconds)) == text)
    }

    @Test func `AGE is measured at the reference time, unknown without creationTimestamp`() {
        let pod = K8s.pod("web-0", uid: "u")
        #expect(KubectlAge.age(of: pod, at: at) == "3h2m")
        #expect(KubectlAge.age(of: pod.setting("metadata.creationTimestamp", nil), at: at) == "<unknown>")
    }

    @Test func `get pods prints kubectl's columns, wide and all-namespaces`() {
        let pods = [
            K8s.pod("web-1", uid: "u1", node: "node-a", phase: "Running", ready: true).setting(
                "status.podIP", .str("10.1.0.7")),
            K8s.pod("web-0", uid: "u0", phase: "Pending"),
        ]
        #expect(
            GetView.table(kind: "Pod", objects: pods, at: at) == """
                NAME    READY   STATUS    RESTARTS   AGE
                web-0   0/1     Pending   0          3h2m
                web-1   1/1     Running   0          3h2m

                """)
        #expect(
            GetView.table(kind: "Pod", objects: pods, at: at, options: .init(wide: true, allNamespaces: true)) == """
                NAMESPACE   NAME    READY   STATUS    RESTARTS   AGE    IP         NODE     NOMINATED NODE   READINESS \
                GATES
                default     web-0   0/1     Pending   0          3h2m   <none>     <none>   <none>           <none>
                default     web-1   1/1     Running   0          3h2m   10.1.0.7   node-a   <none>           <none>

                """)
        #expect(GetView.table(kind: "Pod", objects: [], at: at).isEmpty)
    }

    @Test func `get pods shows Terminating, Init progress and restarts with their age`() {
        let terminating = K8s.pod(
            "a", uid: "1", node: "n", phase: "Running", ready: true, deletion: "2026-01-01T03:01:00Z")
        let initializing = K8s.pod("b", uid: "2", node: "n")
            .setting("spec.initContainers", .array([.obj([("name", .str("init")), ("image", .str("busybox"))])]))
            .setting(
                "status.initContainerStatuses",
                .array([.obj([("name", .str("init")), ("state", .obj([("running", .obj([]))]))])]))
        let restarted = K8s.pod("c", uid: "3", node: "n")
            .setting(
                "status.containerStatuses",
                .array([
                    .obj([
                        ("name", .str("nginx")), ("restartCount", .int(4)),
                        ("state", .obj([("waiting", .obj([("reason", .str("CrashLoopBackOff"))]))])),
                        (
                            "lastState",
                            .obj([
                                (
                                    "terminated",
                                    .obj([("exitCode", .int(1)), ("finishedAt", .str("2026-01-01T02:57:00Z"))])
                                )
                            ])
                        ),
                    ])
                ]))
        let table = GetView.table(kind: "Pod", objects: [terminating, initializing, restarted], at: at)
        #expect(
            GetView.table(
                kind: "Pod", objects: [terminating, initializing, restarted],
                bodies: [terminating, initializing, restarted].map(\.bytes), at: at) == table)
        #expect(
            table == """
                NAME   READY   STATUS             RESTARTS     AGE
                a      1/1     Terminating        0            3h2m
                b      0/1     Init:0/1           0            3h2m
                c      0/1     CrashLoopBackOff   4 (5m ago)   3h2m

                """)
    }

    @Test func `get deployments, statefulsets and generic kinds`() {
        let d = K8s.deployment("deployment-web-v1.json").setting("spec.replicas", .int(3))
            .setting(
                "status",
                .obj([("readyReplicas", .int(2)), ("updatedReplicas", .int(3)), ("availableReplicas", .int(2))]))
        #expect(
            GetView.table(kind: "Deployment", objects: [d], at: at, options: .init(wide: true)) == """
                NAME   READY   UP-TO-DATE   AVAILABLE   AGE    CONTAINERS   IMAGES       SELECTOR
                web    2/3     3            2           3h2m   nginx        nginx:1.25   app=web

                """)
        #expect(
            GetView.table(kind: "StatefulSet", objects: [K8s.statefulSet()], at: at)
                == "NAME   READY   AGE\nweb    0/3     3h2m\n")
        #expect(
            GetView.table(
                kind: "Widget", objects: [K8s.meta(.obj([("metadata", .obj([("name", .str("cfg"))]))]), uid: "c")],
                at: at) == "NAME   AGE\ncfg    3h2m\n")
        // kubectl 1.32's own columns for ConfigMaps, Secrets, Services and ControllerRevisions.
        let cm = K8s.meta(
            .obj([("metadata", .obj([("name", .str("cfg"))])), ("data", .obj([("a", .str("1"))]))]), uid: "c")
        #expect(GetView.table(kind: "ConfigMap", objects: [cm], at: at) == "NAME   DATA   AGE\ncfg    1      3h2m\n")
        let svc = K8s.meta(
            .obj([
                ("metadata", .obj([("name", .str("web"))])),
                (
                    "spec",
                    .obj([
                        ("type", .str("NodePort")), ("clusterIP", .str("10.96.0.10")),
                        (
                            "ports",
                            .array([.obj([("port", .int(80)), ("protocol", .str("TCP")), ("nodePort", .int(30080))])])
                        ),
                        ("selector", .obj([("app", .str("web"))])),
                    ])
                ),
            ]), uid: "s")
        #expect(
            GetView.table(kind: "Service", objects: [svc], at: at, options: .init(wide: true))
                == "NAME   TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)        AGE    SELECTOR\n"
                + "web    NodePort   10.96.0.10   <none>        80:30080/TCP   3h2m   app=web\n")
        let cr = K8s.meta(
            .obj([
                (
                    "metadata",
                    .obj([
                        ("name", .str("db-5d8f")),
                        (
                            "ownerReferences",
                            .array([
                                .obj([
                                    ("apiVersion", .str("apps/v1")), ("kind", .str("StatefulSet")),
                                    ("name", .str("db")),
                                    ("controller", .bool(true)),
                                ])
                            ])
                        ),
                    ])
                ),
                ("revision", .int(3)),
            ]), uid: "r")
        #expect(
            GetView.table(kind: "ControllerRevision", objects: [cr], at: at)
                == "NAME      CONTROLLER            REVISION   AGE\ndb-5d8f   statefulset.apps/db   3          3h2m\n")
    }

    @Test func `get pvc and pv print kubectl 1.32's storage columns`() {
        let pvc = K8s.pvc("www-web-0", uid: "c0", volume: "pv-0", phase: "Bound")
            .setting("status.accessModes", .array([.str("ReadWriteOnce")])).setting(
                "status.capacity", .obj([("storage", .str("1Gi"))])
            )
            .setting("spec.storageClassName", .str("standard")).setting(
                "metadata.creationTimestamp", .str("2026-01-01T00:00:00Z"))
        #expect(
            GetView.table(kind: "PersistentVolumeClaim", objects: [pvc, K8s.pvc("www-web-1", uid: "c1")], at: at) == """
                NAME        STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
                www-web-0   Bound     pv-0     1Gi        RWO            standard       <unset>                 3h2m
                www-web-1   Pending                                                     <unset>                 \
                <unknown>

                """)
        #expect(
            GetView.table(
                kind: "PersistentVolume", objects: [K8s.pv("pv-0", claim: "www-web-0", claimUID: "c0")], at: at) == """
                    NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM               STORAGECLASS   \
                    VOLUMEATTRIBUTESCLASS   REASON   AGE
                    pv-0   1Gi        RWO            Delete           Bound    default/www-web-0                  \
                    <unset>                          <unknown>

                    """)
    }

    @Test func `rollout history prints kubectl's table and the revision detail`() throws {
        var s = Scenario()
        let v1 = K8s.deployment("deployment-web-v1.json")
        s.add(.create, v1)
        s.add(.create, K8s.replicaSet(of: v1, hash: "59b85d47b9", revision: 1))
        let v2 = K8s.deployment("deployment-web-v2.json", generation: 2)
            .setting(
                ["metadata", "annotations", "kubernetes.io/change-cause"],
                .str("kubectl set image deployment/web nginx=nginx:1.26"))
        s.add(.update, v2, actor: "bob")
        let h = try #require(
            s.fold(RolloutsProjection.self).history(kind: "Deployment", namespace: "default", name: "web"))
        #expect(
            try RolloutHistoryView.text(h) == """
                deployment.apps/web 
                REVISION  CHANGE-CAUSE
                1         <none>
                2         kubectl set image deployment/web nginx=nginx:1.26


                """)
        // -o wide: who rolled out what, when.
        let wide = try RolloutHistoryView.text(h, wide: true).split(separator: "\n").map(String.init)
        #expect(wide[1].split(separator: " ") == ["REVISION", "CHANGE-CAUSE", "FIRST-SEEN", "ACTOR", "IMAGES"])
        let cells = wide[3].split(separator: " ").suffix(3).map(String.init)
        #expect(cells == [h.visibleRevisions[1].firstSeen.rfc3339(), "bob", "nginx:1.26"], "\(wide)")
        #expect(
            try RolloutHistoryView.text(h, revision: 1) == """
                deployment.apps/web with revision #1
                Pod Template:
                  Labels:\tapp=web
                \tpod-template-hash=59b85d47b9
                  Containers:
                   nginx:
                    Image:\tnginx:1.25
                    Port:\t<none>
                    Host Port:\t<none>
                    Environment:\t<none>
                    Mounts:\t<none>
                  Volumes:\t<none>
                  Node-Selectors:\t<none>
                  Tolerations:\t<none>


                """)
        #expect(throws: RolloutHistoryView.Failure.revisionNotFound(9)) { try RolloutHistoryView.text(h, revision: 9) }
        #expect((try? RolloutHistoryView.text(h, revision: -1)) == nil)
        let json = RolloutHistoryView.json(h)
        let r2 = try #require(json["revisions"]?[1])
        #expect(
            r2["revision"] == .number("2") && r2["actor"] == .string("bob")
                && r2["images"] == .array([.string("nginx:1.26")]))
        #expect(r2["templateHashDerived"] == .bool(true) && r2["firstSeen"] == .string("2026-01-01T00:03:00Z"))
        #expect(r2["changeCause"] == .string("kubectl set image deployment/web nginx=nginx:1.26"))
        #expect(json["revisions"]?[0]?["templateHash"] == .string("59b85d47b9"))
        #expect(
            try RolloutHistoryView.text(WorkloadRollouts(kind: "Deployment", namespace: "default", name: "x"))
                == "deployment.apps/x \nNo rollout history found.\n")
    }
}
