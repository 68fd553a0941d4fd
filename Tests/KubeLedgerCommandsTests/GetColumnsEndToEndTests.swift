import Foundation
import LedgerTestSupport
import Testing

/// `kubeledger get` against kubectl 1.32 itself: kubectl reads `kubeledger serve`'s server-side
/// Table (built by the same column code) and prints it with its own table printer, and prints
/// custom columns client-side from the served objects. Both must print what `kubeledger get`
/// prints from the same store at the same point in history, byte for byte.
@Suite(.enabled(if: CLIRunner.hasKubectl, "kubectl is needed to check the columns"))
struct GetColumnsEndToEndTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }
    static let point = "2026-11-26T10:00:00Z"

    /// One object of each kind with columns, created at 08:00 and appended at 09:00.
    static let objects: [String] = [
        #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop","uid":"ns"},"status":{"phase":"Active"}}"#,
        #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop","uid":"s1"},"#
            + #""spec":{"type":"LoadBalancer","clusterIP":"10.96.0.7","clusterIPs":["10.96.0.7"],"#
            + #""selector":{"app":"web"},"ports":[{"port":443,"protocol":"TCP","nodePort":31443}]},"#
            + #""status":{"loadBalancer":{"ingress":[{"hostname":"web.elb.example"},{"ip":"203.0.113.7"}]}}}"#,
        #"{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"web","namespace":"shop","uid":"e1"},"#
            + #""subsets":[{"addresses":[{"ip":"10.1.0.1"},{"ip":"10.1.0.2"},{"ip":"10.1.0.3"},{"ip":"10.1.0.4"}],"#
            + #""ports":[{"port":8443}]}]}"#,
        #"{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"shop","#
            + #""uid":"i1"},"spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.example.com"]}],"rules":["#
            + #"{"host":"a.example.com"},{"host":"b.example.com"},{},{"host":"c.example.com"},"#
            + #"{"host":"d.example.com"}]},"#
            + #""status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.9"}]}}}"#,
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"shop","uid":"c1"},"#
            + #""data":{"a":"1","b":"2"},"binaryData":{"c":"Mw=="}}"#,
        #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds","namespace":"shop","uid":"x1"},"#
            + #""type":"kubernetes.io/basic-auth","data":{"username":"YQ==","password":"Yg=="}}"#,
        #"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"migrate","namespace":"shop","uid":"j1"},"#
            + #""spec":{"completions":1,"parallelism":1,"selector":{"matchLabels":{"job":"migrate"}},"#
            + #""template":{"spec":{"containers":[{"name":"m","image":"migrate:2"}]}}},"#
            + #""status":{"succeeded":1,"startTime":"2026-11-26T08:00:05Z","completionTime":"2026-11-26T08:01:15Z","#
            + #""conditions":[{"type":"Complete","status":"True"}]}}"#,
        #"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"report","namespace":"shop","uid":"j2"},"#
            + #""spec":{"parallelism":3,"template":{"spec":{"containers":[{"name":"r","image":"report:1"}]}}},"#
            + #""status":{"startTime":"2026-11-26T09:30:00Z","active":3}}"#,
        #"{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"tick","namespace":"shop","uid":"cj"},"#
            + #""spec":{"schedule":"*/5 * * * *","timeZone":"Europe/Paris","suspend":false,"jobTemplate":{"spec":"#
            + #"{"template":{"spec":{"containers":[{"name":"t","image":"busybox"}]}}}}},"#
            + #""status":{"lastScheduleTime":"2026-11-26T09:55:00Z","active":[{"name":"tick-1"}]}}"#,
        #"{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","uid":"n1","labels":{"#
            + #""node-role.kubernetes.io/worker":""}},"status":{"conditions":[{"type":"Ready","status":"True"}],"#
            + #""addresses":[{"type":"InternalIP","address":"10.0.0.5"}],"nodeInfo":{"kubeletVersion":"v1.32.4","#
            + #""osImage":"Debian","kernelVersion":"6.1","containerRuntimeVersion":"containerd://1.7"}}}"#,
        #"{"apiVersion":"v1","kind":"Event","metadata":{"name":"web-0.181","namespace":"shop","uid":"ev1"},"#
            + #""involvedObject":{"kind":"Pod","name":"web-0","namespace":"shop","fieldPath":"spec.containers{app}"},"#
            + #""reason":"Unhealthy","type":"Warning","count":3,"firstTimestamp":"2026-11-26T08:10:00Z","#
            + #""lastTimestamp":"2026-11-26T09:50:00Z","source":{"component":"kubelet","host":"n1"},"#
            + #""message":"Readiness probe failed: HTTP 500\nbody: oops"}"#,
        #"{"apiVersion":"v1","kind":"Event","metadata":{"name":"web.182","namespace":"shop","uid":"ev2"},"#
            + #""involvedObject":{"kind":"Deployment","name":"web","namespace":"shop"},"reason":"ScalingReplicaSet","#
            + #""type":"Normal","eventTime":"2026-11-26T09:40:00.000000Z","#
            + #""reportingComponent":"deployment-controller","#
            + #""reportingInstance":"kcm-1","message":"  Scaled up replica set web-7d to 3  "}"#,
        #"{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"shop","#
            + #""uid":"h1"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"#
            + #""minReplicas":2,"maxReplicas":10,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":"#
            + #"{"type":"Utilization","averageUtilization":80}}}]},"status":{"currentReplicas":3,"currentMetrics":"#
            + #"[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":35}}}]}}"#,
        #"{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"fast","uid":"sc","#
            + #""annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},"provisioner":"ebs.csi.aws.com","#
            + #""allowVolumeExpansion":true,"volumeBindingMode":"WaitForFirstConsumer"}"#,
        #"{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"builder","namespace":"shop","uid":"sa"}}"#,
        #"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"reader","namespace":"shop","#
            + #""uid":"r1"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}"#,
        #"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"read","#
            + #""namespace":"shop","uid":"rb"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","#
            + #""name":"reader"},"subjects":[{"kind":"User","name":"alice"},{"kind":"User","name":"bob"},"#
            + #"{"kind":"ServiceAccount","name":"builder","namespace":"shop"}]}"#,
        #"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"viewer","uid":"cr"},"#
            + #""rules":[]}"#,
        #"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"view","#
            + #""uid":"crb"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"viewer"},"#
            + #""subjects":[{"kind":"Group","name":"devs"},{"kind":"Group","name":"ops"}]}"#,
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0","namespace":"shop","uid":"p0","#
            + #""labels":{"app":"web","tier":"front"}},"spec":{"nodeName":"n1","containers":[{"name":"app","#
            + #""image":"nginx:1.25","ports":[{"containerPort":80},{"containerPort":443}]},{"name":"side","#
            + #""image":"busybox"}]},"status":{"phase":"Running","podIP":"10.1.0.1"}}"#,
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"db-0","namespace":"shop","uid":"p1","#
            + #""labels":{"app":"db"}},"spec":{"containers":[{"name":"pg","image":"postgres:16"}]},"#
            + #""status":{"phase":"Pending"}}"#,
    ]

    /// The objects, each created at 08:00, appended at 09:00 in one batch.
    func store() throws {
        let created = #""metadata":{"creationTimestamp":"2026-11-26T08:00:00Z","#
        let body =
            "["
            + Self.objects.map { $0.replacingOccurrences(of: #""metadata":{"#, with: created) }
            .joined(separator: ",") + "]"
        FileManager.default.createFile(atPath: dir.file("objects.json"), contents: Data(body.utf8))
        let r = try cli.run(["append", "-f", dir.file("objects.json"), "--at", "2026-11-26T09:00:00Z"])
        try #require(r.status == 0, "\(r.stderr)")
    }

    static let kinds = [
        "services", "endpoints", "ingresses", "configmaps", "secrets", "jobs", "cronjobs", "namespaces", "nodes",
        "events", "horizontalpodautoscalers", "storageclasses", "serviceaccounts", "roles", "rolebindings",
        "clusterroles", "clusterrolebindings",
    ]

    @Test func `kubectl prints serve's Table for every kind with columns as kubeledger get prints it`() throws {
        try store()
        let server = try ServeRunner(store: dir.file("store"))
        defer { server.stop() }
        let at = server.url + "/at/" + Self.point
        var compared = 0
        for kind in Self.kinds {
            for extra in [["-A"], ["-A", "-o", "wide"], ["-n", "shop", "--no-headers"]] {
                let kubectl = try ServeRunner.kubectl(["get", kind] + extra, server: at)
                let ours = try cli.run(["get", kind, "--at", Self.point] + extra)
                #expect(kubectl.status == 0, "\(kind) \(extra): \(kubectl.stderr)")
                #expect(ours.status == 0, "\(kind) \(extra): \(ours.stderr)")
                #expect(
                    !kubectl.stdout.isEmpty || kind.hasPrefix("cluster") || kind == "storageclasses" || kind == "nodes"
                        || kind == "namespaces", "\(kind) \(extra) printed nothing")
                #expect(
                    ours.stdout == kubectl.stdout,
                    "\(kind) \(extra):\nkubectl:\n\(kubectl.stdout)\nours:\n\(ours.stdout)")
                compared += 1
            }
        }
        #expect(compared == Self.kinds.count * 3)
        // Spot checks of cells kubectl's rules produce (printers.go), as kubectl printed them.
        let events = try ServeRunner.kubectl(["get", "events", "-n", "shop", "-o", "wide"], server: at).stdout
        #expect(events.contains("Readiness probe failed: HTTP 500...") && events.contains("kubelet, n1"), "\(events)")
        #expect(
            events.contains("deployment-controller, kcm-1") && events.contains("Scaled up replica set web-7d to 3 "))
        let ingress = try ServeRunner.kubectl(["get", "ingress", "-n", "shop"], server: at).stdout
        #expect(
            ingress.contains("a.example.com,b.example.com,c.example.com + 2 more...") && ingress.contains("80, 443"))
        let sc = try ServeRunner.kubectl(["get", "storageclass"], server: at).stdout
        #expect(sc.contains("fast (default)"), "\(sc)")
        let jobs = try ServeRunner.kubectl(["get", "jobs", "-n", "shop"], server: at).stdout
        #expect(jobs.contains("Complete   1/1") && jobs.contains("70s") && jobs.contains("0/1 of 3"), "\(jobs)")
    }

    @Test func `custom columns print as kubectl prints them from the served objects, missing fields as none`()
        throws
    {
        try store()
        let server = try ServeRunner(store: dir.file("store"))
        defer { server.stop() }
        let at = server.url + "/at/" + Self.point
        let specs = [
            "NAME:.metadata.name,NODE:.spec.nodeName",
            "NAME:.metadata.name,IMAGES:.spec.containers[*].image,PORTS:.spec.containers[0].ports[*].containerPort",
            "NS:.metadata.namespace,APP:.metadata.labels.app,IP:.status.podIP,GATES:.spec.readinessGates",
            "NAME:{.metadata.name},FIRST:.spec.containers[0].name,LAST:.spec.containers[-1:].name",
        ]
        for spec in specs {
            for extra in [[String](), ["--no-headers"]] {
                let kubectl = try ServeRunner.kubectl(
                    ["get", "pods", "-n", "shop", "-o", "custom-columns=" + spec] + extra, server: at)
                let ours = try cli.run(
                    ["get", "pods", "-n", "shop", "--at", Self.point, "-o", "custom-columns=" + spec] + extra)
                #expect(kubectl.status == 0 && ours.status == 0, "\(spec): \(kubectl.stderr) \(ours.stderr)")
                #expect(ours.stdout == kubectl.stdout, "\(spec):\nkubectl:\n\(kubectl.stdout)\nours:\n\(ours.stdout)")
            }
        }
        let missing = try cli.run(["get", "pods", "-n", "shop", "--at", Self.point, "-o", "custom-columns=" + specs[0]])
        #expect(missing.stdout.contains("db-0    <none>\n"), "\(missing.stdout)")
    }

    @Test func `sort-by a field no object has is kubectl's error, as a usage error`() throws {
        try store()
        let server = try ServeRunner(store: dir.file("store"))
        defer { server.stop() }
        let message = #"couldn't find any field with path "{.spec.nope}" in the list of objects"#
        let at = server.url + "/at/" + Self.point
        // kubectl 1.32 sorting whole objects (-o name, json, …) fails with sorter.go's message; sorting
        // a server-side Table it says "No resources found" and exits 0. kubeledger gives the error for
        // every format, as a usage error.
        let kubectl = try ServeRunner.kubectl(
            ["get", "pods", "-n", "shop", "--sort-by=.spec.nope", "-o", "name"], server: at)
        #expect(kubectl.status == 1 && kubectl.stderr == "error: " + message + "\n", "\(kubectl.stderr)")
        let table = try ServeRunner.kubectl(["get", "pods", "-n", "shop", "--sort-by=.spec.nope"], server: at)
        #expect(table.status == 0 && table.stdout.isEmpty && table.stderr.contains("No resources found"))
        for format in [["-o", "name"], []] {
            let ours = try cli.run(["get", "pods", "-n", "shop", "--at", Self.point, "--sort-by=.spec.nope"] + format)
            #expect(ours.status == 2 && ours.stderr.contains(message) && ours.stdout.isEmpty, "\(ours.stderr)")
        }
        // kubectl sorts serve's Table rows itself (it asks for whole objects in them): same rows.
        let byNode = try ServeRunner.kubectl(["get", "pods", "-n", "shop", "--sort-by=.spec.nodeName"], server: at)
        let ourByNode = try cli.run(["get", "pods", "-n", "shop", "--at", Self.point, "--sort-by=.spec.nodeName"])
        #expect(byNode.status == 0 && ourByNode.stdout == byNode.stdout, "\(byNode.stdout)\n\(ourByNode.stdout)")
        // A field one object has sorts; the others (without it) come first, as before.
        let sorted = try cli.run([
            "get", "pods", "-n", "shop", "--at", Self.point, "--sort-by=.spec.nodeName", "-o", "name",
        ])
        #expect(sorted.status == 0 && sorted.stdout == "pod/db-0\npod/web-0\n", "\(sorted.stderr)")
        // No objects at all: nothing to sort, no error (kubectl says there are no resources).
        let none = try cli.run(["get", "pods", "-n", "empty", "--at", Self.point, "--sort-by=.spec.nope"])
        #expect(none.status == 0, "\(none.stderr)")
    }

    /// Real objects: every Event of the bare-metal must-gather (56 namespaces), the nodes of two
    /// must-gathers and the storage classes of two, through kubectl and through `get`.
    @Test(.enabled(if: SharedCorpus.root != nil, "needs ../shared/corpus"))
    func `corpus events, nodes and storage classes print as kubectl prints them from serve`() throws {
        let root = try #require(SharedCorpus.root) + "/openshift__must-gather-clean/test/files/"
        let fm = FileManager.default
        var files: [String] = []
        let metal = root + "must-gather-metal.tar.xz.d/namespaces/"
        for ns in try fm.contentsOfDirectory(atPath: metal).sorted()
        where fm.fileExists(atPath: metal + ns + "/core/events.yaml") {
            files.append(metal + ns + "/core/events.yaml")
        }
        for gather in ["must-gather-aws", "must-gather-metal", "must-gather-vsphere"] {
            for dir in [
                "cluster-scoped-resources/core/nodes", "cluster-scoped-resources/storage.k8s.io/storageclasses",
            ] {
                let path = root + gather + ".tar.xz.d/" + dir + "/"
                for f in (try? fm.contentsOfDirectory(atPath: path).sorted()) ?? [] { files.append(path + f) }
            }
        }
        try #require(files.count > 56)
        for f in files {
            let r = try cli.run(["append", "-f", f, "--at", "2021-09-15T00:00:00Z"])
            try #require(r.status == 0, "\(f): \(r.stderr)")
        }
        let server = try ServeRunner(store: dir.file("store"))
        defer { server.stop() }
        let point = "2021-09-15T01:00:00Z"
        var rows = 0
        for (kind, extra) in [
            ("events", ["-A"]), ("events", ["-A", "-o", "wide"]), ("nodes", ["-o", "wide"]), ("storageclasses", []),
        ] {
            // 5,171 events come in pages of 500, each read at the point from a debug build: allow time.
            let kubectl = try ServeRunner.kubectl(
                ["get", kind] + extra, server: server.url + "/at/" + point, timeout: 300)
            let ours = try cli.run(["get", kind, "--at", point] + extra)
            #expect(kubectl.status == 0 && ours.status == 0, "\(kind): \(kubectl.stderr) \(ours.stderr)")
            #expect(ours.stdout == kubectl.stdout, "\(kind) \(extra) differs")
            rows += kubectl.stdout.split(separator: "\n").count - 1
        }
        // 5,171 events twice, the nodes and the storage classes.
        #expect(rows > 2 * 5_000, "\(rows) rows")
    }
}
