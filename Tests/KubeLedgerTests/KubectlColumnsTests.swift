import Foundation
import Testing
import Yams

@testable import KubeLedger
@testable import Ledger

/// The columns of `kubeledger get` (and of serve's Table) for the kinds added after Pods and
/// workloads, on real objects: the corpus where it has them, else objects made by
/// `kubectl create … --dry-run=client` (Fixtures/README.md). Each expected row follows the rules
/// of kubectl 1.32's `pkg/printers/internalversion/printers.go`, named in each test.
@Suite struct KubectlColumnsTests {
    let at = Timestamp(rfc3339: "2026-01-01T03:02:00Z")!
    static let mustGather = "openshift__must-gather-clean/test/files/"

    /// The objects of a corpus YAML file: every document, List items spread.
    static func corpus(_ relative: String) throws -> [JSONValue] {
        let root = try #require(Corpus.root)
        let yaml = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
        var out: [JSONValue] = []
        for document in try Yams.load_all(yaml: yaml, Resolver.default.removing(.timestamp)) {
            guard !(document is NSNull) else { continue }
            let doc = try JSONReader.parse([UInt8](try JSONSerialization.data(withJSONObject: document)))
            out += doc["items"]?.arrayValue ?? [doc]
        }
        return out
    }

    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    func table(_ kind: String, _ objects: [JSONValue], at: Timestamp? = nil, wide: Bool = false) -> String {
        GetView.table(kind: kind, objects: objects, at: at ?? self.at, options: .init(wide: wide))
    }

    // MARK: Events

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func
        `events: LAST SEEN TYPE REASON OBJECT MESSAGE; wide adds SUBOBJECT SOURCE, then FIRST SEEN COUNT NAME`()
        throws
    {
        let events = try Self.corpus(
            Self.mustGather + "must-gather-metal.tar.xz.d/namespaces/openshift-config-managed/core/events.yaml")
        let seen = Self.time("2021-09-14T14:20:27Z")
        // printEvent: lastTimestamp's age; OBJECT is kind (lower case)/name; source component, no host.
        #expect(
            table("Event", events, at: seen)
                == KubectlTable.render(
                    header: ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
                    rows: [
                        [
                            "2m", "Normal", "PublishedRouterCA", "configmap/default-ingress-cert",
                            #"Published "default-ingress-cert" in "openshift-config-managed""#,
                        ],
                        [
                            "2m", "Normal", "PublishedRouterCertificates", "secret/router-certs",
                            "Published router certificates",
                        ],
                    ]))
        #expect(
            table("Event", events, at: seen, wide: true)
                == KubectlTable.render(
                    header: [
                        "LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN",
                        "COUNT",
                        "NAME",
                    ],
                    rows: [
                        [
                            "2m", "Normal", "PublishedRouterCA", "configmap/default-ingress-cert", "",
                            "certificate_controller",
                            #"Published "default-ingress-cert" in "openshift-config-managed""#,
                            "2m", "1", "default-ingress-cert.16a4b60751f5d0d4",
                        ],
                        [
                            "2m", "Normal", "PublishedRouterCertificates", "secret/router-certs", "",
                            "certificate_publisher_controller", "Published router certificates", "2m", "1",
                            "router-certs.16a4b60751f82148",
                        ],
                    ]))
        // The server's Table: the same cells in the same order, wide ones at priority 1.
        let columns = GetView.columnDefinitions(of: "Event")
        #expect(
            columns.map(\.name) == [
                "LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE",
                "FIRST SEEN", "COUNT", "NAME",
            ])
        #expect(columns.map(\.priority) == [0, 0, 0, 0, 1, 1, 0, 1, 1, 1])
        #expect(GetView.tableCells(kind: "Event", object: events[1], at: seen).last == "router-certs.16a4b60751f82148")
        // With several types, the NAME column (last, wide only) carries the type.
        var options = GetView.Options(wide: true)
        options.namePrefix = "event/"
        #expect(
            GetView.table(kind: "Event", objects: [events[1]], at: seen, options: options).hasSuffix(
                "   event/router-certs.16a4b60751f82148\n"))
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func `a message of several lines is cut at its first line break, as kubectl's table printer does`() throws {
        let events = try Self.corpus(
            Self.mustGather + "must-gather-metal.tar.xz.d/namespaces/openshift-apiserver-operator/core/events.yaml")
        let event = try #require(
            events.first { $0["message"]?.stringValue?.hasPrefix("Updated ConfigMap/config -n") == true })
        let text = table("Event", [event], at: Self.time("2021-09-14T14:30:00Z"))
        #expect(text.hasSuffix("   Updated ConfigMap/config -n openshift-apiserver:...\n"), "\(text)")
        #expect(GetView.printed("a\u{1B}[31mb\r\nc") == "a^[[31mb...")
    }

    @Test func `events.k8s.io events: regarding, note, series and the reporting controller`() {
        let event = JSONValue.obj([
            ("apiVersion", .str("events.k8s.io/v1")), ("kind", .str("Event")),
            ("metadata", .obj([("name", .str("web-0.1")), ("namespace", .str("default"))])),
            ("eventTime", .str("2026-01-01T02:00:00.123456Z")),
            ("series", .obj([("count", .int(4)), ("lastObservedTime", .str("2026-01-01T03:00:00.000000Z"))])),
            ("reportingController", .str("kubelet")), ("reportingInstance", .str("node-a")),
            ("reason", .str("BackOff")), ("type", .str("Warning")), ("note", .str("  Back-off pulling image\n")),
            (
                "regarding",
                .obj([("kind", .str("Pod")), ("name", .str("web-0")), ("fieldPath", .str("spec.containers{c}"))])
            ),
        ])
        // LAST SEEN from the series, FIRST SEEN from eventTime (61 min 59.9 s), COUNT from the series,
        // SOURCE "controller, instance", the note trimmed (strings.TrimSpace).
        #expect(
            GetView.tableCells(kind: "Event", object: event, at: at) == [
                "2m", "Warning", "BackOff", "pod/web-0", "spec.containers{c}", "kubelet, node-a",
                "Back-off pulling image", "61m", "4", "web-0.1",
            ])
        // A core event without timestamps or count: unknown ages and a count of 1; an object
        // without a name is its kind alone.
        let bare = JSONValue.obj([
            ("apiVersion", .str("v1")), ("kind", .str("Event")), ("metadata", .obj([("name", .str("n.1"))])),
            ("involvedObject", .obj([("kind", .str("Node"))])), ("firstTimestamp", .null), ("count", .int(0)),
        ])
        #expect(
            GetView.tableCells(kind: "Event", object: bare, at: at) == [
                "<unknown>", "", "", "node", "", "", "", "<unknown>", "1", "n.1",
            ])
    }

    // MARK: Services, Endpoints, Ingresses

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func `endpoints: ip:port for up to three addresses, then + N more`() throws {
        let glusterfs = try Self.corpus("kubernetes__examples/_archived/volumes/glusterfs/glusterfs-endpoints.yaml")
        #expect(
            table("Endpoints", glusterfs)
                == KubectlTable.render(
                    header: ["NAME", "ENDPOINTS", "AGE"],
                    rows: [["glusterfs-cluster", "10.240.106.152:1,10.240.79.157:1", "<unknown>"]]))
        func endpoints(_ subsets: [JSONValue]) -> String {
            let o = K8s.meta(.obj([("metadata", .obj([("name", .str("e"))])), ("subsets", .array(subsets))]), uid: "e")
            return GetView.tableCells(kind: "Endpoints", object: o, at: at)[1]
        }
        let five = JSONValue.array((1...5).map { .obj([("ip", .str("10.0.0.\($0)"))]) })
        #expect(
            endpoints([.obj([("addresses", five), ("ports", .array([.obj([("port", .int(80))])]))])])
                == "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...")
        // A headless subset without ports lists bare IPs; IPv6 is bracketed (net.JoinHostPort).
        #expect(endpoints([.obj([("addresses", five)])]) == "10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...")
        #expect(
            endpoints([
                .obj([
                    ("addresses", .array([.obj([("ip", .str("fd00::1"))])])),
                    ("ports", .array([.obj([("port", .int(443))])])),
                ])
            ]) == "[fd00::1]:443")
        #expect(endpoints([]) == "<none>")
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func `ingresses: CLASS HOSTS ADDRESS PORTS`() throws {
        let tf = try Self.corpus("kubernetes__examples/AI/model-serving-tensorflow/ingress.yaml")
        let web = K8s.meta(Fixture.json("ingress-web.json"), uid: "i").setting(
            "status.loadBalancer.ingress",
            .array([
                .obj([("hostname", .str("lb.example.com"))]), .obj([("ip", .str("203.0.113.9"))]),
                .obj([("ip", .str("203.0.113.9")), ("hostname", .str("ignored"))]),
            ]))
        // No class: <none>; no host: *; TLS adds 443; addresses sorted, once each, never cut (the
        // server prints its Table as -o wide).
        #expect(
            table("Ingress", tf + [web])
                == KubectlTable.render(
                    header: ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"],
                    rows: [
                        [
                            "web", "nginx", "a.example.com,b.example.com", "203.0.113.9,lb.example.com", "80, 443",
                            "3h2m",
                        ],
                        // The API server's order (bytes of namespace/name): "default/web" < "tf-serving-ingress".
                        ["tf-serving-ingress", "<none>", "*", "", "80", "<unknown>"],
                    ]))
        let rules = JSONValue.array(["a", "", "b", "c", "d"].map { .obj([("host", .str($0))]) })
        #expect(
            GetView.tableCells(kind: "Ingress", object: web.setting("spec.rules", rules), at: at)[2]
                == "a,b,c + 2 more...")
    }

    @Test func `services: the first cluster IP, load-balancer points sorted then external IPs, an external name`() {
        func service(_ spec: [(String, JSONValue)], status: JSONValue = .obj([])) -> [String] {
            let o = K8s.meta(
                .obj([("metadata", .obj([("name", .str("s"))])), ("spec", .obj(spec)), ("status", status)]), uid: "s")
            return GetView.tableCells(kind: "Service", object: o, at: at)
        }
        let lb = service(
            [
                ("type", .str("LoadBalancer")), ("clusterIP", .str("10.0.0.1")),
                ("clusterIPs", .array([.str("10.0.0.1"), .str("fd00::1")])), ("externalIPs", .array([.str("1.2.3.4")])),
                ("ports", .array([.obj([("port", .int(443)), ("protocol", .str("TCP")), ("nodePort", .int(31443))])])),
            ],
            status: .obj([
                (
                    "loadBalancer",
                    .obj([("ingress", .array([.obj([("ip", .str("9.9.9.9"))]), .obj([("hostname", .str("a.elb"))])]))])
                )
            ]))
        #expect(lb == ["s", "LoadBalancer", "10.0.0.1", "9.9.9.9,a.elb,1.2.3.4", "443:31443/TCP", "3h2m", "<none>"])
        let external = service([("type", .str("ExternalName")), ("externalName", .str("db.example.com"))])
        #expect(external == ["s", "ExternalName", "<none>", "db.example.com", "<none>", "3h2m", "<none>"])
    }

    @Test func `secrets count data and stringData keys once each`() {
        let secret = K8s.meta(
            .obj([
                ("metadata", .obj([("name", .str("s"))])), ("type", .str("Opaque")),
                ("data", .obj([("a", .str("MQ==")), ("b", .str("Mg=="))])),
                ("stringData", .obj([("b", .str("2")), ("c", .str("3"))])),
            ]), uid: "s")
        #expect(GetView.tableCells(kind: "Secret", object: secret, at: at) == ["s", "Opaque", "3", "3h2m"])
    }

    // MARK: Jobs and CronJobs

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func `jobs: STATUS from conditions, COMPLETIONS, DURATION until completion or the point in history`() throws {
        func job(_ file: String) throws -> JSONValue {
            let root = try #require(Corpus.root)
            let path = root + "/pulumi__pulumi-kubernetes/provider/pkg/await/checker/internal/workflows/kubernetes/job/"
            let items = try JSONReader.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path + file))))
            return try #require(items.arrayValue?.last)
        }
        let seen = Self.time("2019-07-11T19:35:43Z")
        let selector = "controller-uid=6000eff6-a412-11e9-a3c5-025000000001"
        #expect(
            table("Job", [try job("succeeded.json")], at: seen, wide: true)
                == KubectlTable.render(
                    header: ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"],
                    rows: [["foo", "Complete", "1/1", "13s", "5m", "pi", "perl", selector]]))
        // Running: the duration runs until the point in history looked at.
        #expect(
            GetView.tableCells(kind: "Job", object: try job("running.json"), at: seen).prefix(5) == [
                "foo", "Running", "0/1", "5m", "5m",
            ])
        let failed = try job("deadlineExceeded.json")
        #expect(
            GetView.tableCells(kind: "Job", object: failed, at: Self.time("2019-09-09T21:54:06Z")).prefix(5) == [
                "foo", "Failed", "0/1", "10s", "10s",
            ])
        // kubectl create job: no status yet, no completions: Running, 0/1, no duration; with
        // parallelism > 1 and no completions, "of N".
        let pi = K8s.meta(Fixture.json("job-pi.json"), uid: "j")
        #expect(
            GetView.tableCells(kind: "Job", object: pi, at: at) == [
                "pi", "Running", "0/1", "", "3h2m", "pi", "perl:5.34", "<none>",
            ])
        #expect(
            GetView.tableCells(kind: "Job", object: pi.setting("spec.parallelism", .int(3)), at: at)[2] == "0/1 of 3")
        let suspended = pi.setting(
            "status.conditions",
            .array([.obj([("type", .str("Suspended")), ("status", .str("True"))])]))
        #expect(GetView.tableCells(kind: "Job", object: suspended, at: at)[1] == "Suspended")
        #expect(
            GetView.tableCells(
                kind: "Job", object: suspended.setting("metadata.deletionTimestamp", .str("2026-01-01T03:00:00Z")),
                at: at)[1] == "Terminating")
    }

    @Test func `cronjobs: SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE`() {
        let tick = K8s.meta(Fixture.json("cronjob-tick.json"), uid: "c")
        #expect(
            table("CronJob", [tick], wide: true)
                == KubectlTable.render(
                    header: [
                        "NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE", "CONTAINERS",
                        "IMAGES",
                        "SELECTOR",
                    ],
                    rows: [
                        [
                            "tick", "*/5 * * * *", "<none>", "<unset>", "0", "<none>", "3h2m", "tick", "busybox",
                            "<none>",
                        ]
                    ]))
        let ran = tick.setting("spec.suspend", .bool(false)).setting("spec.timeZone", .str("Etc/UTC"))
            .setting("status.lastScheduleTime", .str("2026-01-01T03:00:00Z"))
            .setting("status.active", .array([.obj([("kind", .str("Job")), ("name", .str("tick-1"))])]))
        #expect(
            GetView.tableCells(kind: "CronJob", object: ran, at: at).prefix(7) == [
                "tick", "*/5 * * * *", "Etc/UTC", "False", "1", "2m", "3h2m",
            ])
    }

    // MARK: Autoscalers and storage classes

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func `horizontal pod autoscalers: REFERENCE TARGETS MINPODS MAXPODS REPLICAS`() throws {
        let gemma = try Self.corpus("kubernetes__examples/AI/vllm-deployment/hpa/horizontal-pod-autoscaler.yaml")
        #expect(
            table("HorizontalPodAutoscaler", gemma)
                == KubectlTable.render(
                    header: ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
                    rows: [
                        [
                            "gemma-server-hpa", "Deployment/vllm-gemma-deployment", "<unknown>/4", "1", "5", "0",
                            "<unknown>",
                        ]
                    ]
                ))
        func resource(_ name: String, _ target: [(String, JSONValue)]) -> JSONValue {
            .obj([("type", .str("Resource")), ("resource", .obj([("name", .str(name)), ("target", .obj(target))]))])
        }
        let hpa = gemma[0].setting(
            "spec.metrics",
            .array([
                resource("cpu", [("type", .str("Utilization")), ("averageUtilization", .int(80))]),
                resource("memory", [("type", .str("AverageValue")), ("averageValue", .str("500Mi"))]),
                .obj([
                    ("type", .str("External")),
                    ("external", .obj([("target", .obj([("type", .str("Value")), ("value", .str("10"))]))])),
                ]),
            ])
        ).setting(
            "status",
            .obj([
                ("currentReplicas", .int(3)),
                (
                    "currentMetrics",
                    .array([
                        .obj([
                            ("type", .str("Resource")),
                            (
                                "resource",
                                .obj([("name", .str("cpu")), ("current", .obj([("averageUtilization", .int(35))]))])
                            ),
                        ])
                    ])
                ),
            ])
        ).setting("spec.minReplicas", nil)
        // Two metrics then "+ N more..."; the status metric at the same position is the current value.
        #expect(
            GetView.tableCells(kind: "HorizontalPodAutoscaler", object: hpa, at: at) == [
                "gemma-server-hpa", "Deployment/vllm-gemma-deployment",
                "cpu: 35%/80%, memory: <unknown>/500Mi + 1 more...",
                "<unset>", "5", "3", "<unknown>",
            ])
        // autoscaling/v1: the CPU target is the one metric.
        let v1 = JSONValue.obj([
            ("apiVersion", .str("autoscaling/v1")), ("kind", .str("HorizontalPodAutoscaler")),
            ("metadata", .obj([("name", .str("web"))])),
            (
                "spec",
                .obj([
                    ("scaleTargetRef", .obj([("kind", .str("Deployment")), ("name", .str("web"))])),
                    ("minReplicas", .int(1)), ("maxReplicas", .int(4)), ("targetCPUUtilizationPercentage", .int(50)),
                ])
            ),
            ("status", .obj([("currentReplicas", .int(2)), ("currentCPUUtilizationPercentage", .int(10))])),
        ])
        #expect(GetView.tableCells(kind: "HorizontalPodAutoscaler", object: v1, at: at)[2] == "cpu: 10%/50%")
        #expect(
            GetView.tableCells(kind: "HorizontalPodAutoscaler", object: hpa.setting("spec.metrics", nil), at: at)[2]
                == "<none>")
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func `storage classes: the default one is marked, unset policies print their defaults`() throws {
        let dir = Self.mustGather + "must-gather-aws.tar.xz.d/cluster-scoped-resources/storage.k8s.io/storageclasses/"
        let classes = try Self.corpus(dir + "gp2.yaml") + Self.corpus(dir + "gp2-csi.yaml")
        let bare = K8s.meta(
            .obj([("metadata", .obj([("name", .str("plain"))])), ("provisioner", .str("x.io"))]), uid: "p"
        ).setting("metadata.namespace", nil)
        #expect(
            table("StorageClass", classes + [bare], at: Self.time("2021-08-03T10:19:16Z"))
                == KubectlTable.render(
                    header: [
                        "NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE",
                    ],
                    rows: [
                        ["gp2 (default)", "kubernetes.io/aws-ebs", "Delete", "WaitForFirstConsumer", "true", "60m"],
                        ["gp2-csi", "ebs.csi.aws.com", "Delete", "WaitForFirstConsumer", "true", "60m"],
                        ["plain", "x.io", "Delete", "Immediate", "false", "<invalid>"],
                    ]))
    }

    // MARK: RBAC

    @Test(.enabled(if: Corpus.isAvailable, "corpus not found"))
    func `bindings: ROLE, and wide USERS GROUPS SERVICEACCOUNTS; roles: NAME and CREATED AT`() throws {
        let rb = K8s.meta(Fixture.json("rolebinding-rb.json"), uid: "rb")
        #expect(
            table("RoleBinding", [rb], wide: true)
                == KubectlTable.render(
                    header: ["NAME", "ROLE", "AGE", "USERS", "GROUPS", "SERVICEACCOUNTS"],
                    rows: [["rb", "Role/reader", "3h2m", "alice, bob", "devs", "shop/builder"]]))
        let elasticsearch = try Self.corpus("kubernetes__examples/_archived/elasticsearch/rbac.yaml")
        #expect(
            GetView.tableCells(kind: "RoleBinding", object: elasticsearch[1], at: at) == [
                "elasticsearch", "Role/elasticsearch", "<unknown>", "", "", "default/elasticsearch",
            ])
        let psp = try Self.corpus("kubernetes__examples/_archived/podsecuritypolicy/rbac/bindings.yaml")
        let restricted = try #require(psp.first { $0["metadata"]?["name"]?.stringValue == "restricted-psp-users" })
        #expect(
            GetView.tableCells(kind: "ClusterRoleBinding", object: restricted, at: at) == [
                "restricted-psp-users", "ClusterRole/restricted-psp-user", "<unknown>", "",
                "restricted-psp-users, privileged-psp-users", "",
            ])
        // Roles have no printer: the API server's default Table, NAME and CREATED AT.
        let reader = Fixture.json("clusterrole-reader.json")
        #expect(
            table(
                "ClusterRole",
                [
                    reader,
                    K8s.meta(reader.setting("metadata.name", .str("writer")), uid: "w").setting(
                        "metadata.namespace", nil),
                ])
                == KubectlTable.render(
                    header: ["NAME", "CREATED AT"],
                    rows: [["reader", "0001-01-01T00:00:00Z"], ["writer", "2026-01-01T00:00:00Z"]]))
        #expect(
            table("Role", [elasticsearch[0]])
                == KubectlTable.render(
                    header: ["NAME", "CREATED AT"], rows: [["elasticsearch", "0001-01-01T00:00:00Z"]]))
    }
}
