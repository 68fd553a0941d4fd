import Foundation
import LedgerTestSupport
import Testing

/// `kubeledger serve` checked with the real kubectl 1.32: discovery, lists and tables at points in
/// history, single objects, selectors, paging, describe, rollout history, watches, errors.
@Suite(.enabled(if: CLIRunner.hasKubectl, "kubectl is needed to check the server"))
struct ServeEndToEndTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }

    func write(_ name: String, _ text: String) -> String {
        FileManager.default.createFile(atPath: dir.file(name), contents: Data(text.utf8))
        return dir.file(name)
    }

    func append(_ json: String, at time: String) throws {
        let r = try cli.run(["append", "-f", write("o.json", json), "--at", time])
        try #require(r.status == 0, "\(r.stderr)")
    }

    static func pod(_ name: String, app: String, node: String, phase: String = "Running") -> String {
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(name)","namespace":"default","uid":"uid-\(name)",
        "labels":{"app":"\(app)"},"creationTimestamp":"2026-11-26T09:00:00Z","resourceVersion":"1\(name.count)"},
        "spec":{"nodeName":"\(node)","containers":[{"name":"c","image":"nginx:1.25"}]},
        "status":{"phase":"\(phase)","podIP":"10.0.0.\(name.count)"}}
        """
    }

    /// web (nginx 1.25 at 09:00, 1.26 at 10:00) with its two ReplicaSets, four pods, a claim and
    /// a volume.
    func history() throws {
        let v1 = try CLIRunner.kubectl([
            "create", "deployment", "web", "--image=nginx:1.25", "--dry-run=client", "-o", "json",
        ])
        .replacingOccurrences(
            of: "\"metadata\": {", with: "\"metadata\": {\"uid\": \"d-web\", \"namespace\": \"default\",")
        try append(v1, at: "2026-11-26T09:00:00Z")
        let v2 = try CLIRunner.kubectl(
            ["set", "image", "--local", "-f", "-", "nginx=nginx:1.26", "-o", "json"], stdin: v1)
        for (i, image) in ["nginx:1.25", "nginx:1.26"].enumerated() {
            if i == 1 { try append(v2, at: "2026-11-26T10:00:00Z") }
            let rs = """
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-\(i)abc","namespace":"default",
                "uid":"rs-\(i)","labels":{"app":"web"},"annotations":{"deployment.kubernetes.io/revision":"\(i + 1)"},
                "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"d-web",
                "controller":true}]},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                "template":{"metadata":{"labels":{"app":"web"}},
                "spec":{"containers":[{"name":"nginx","image":"\(image)"}]}}},
                "status":{"replicas":1}}
                """
            try append(rs, at: i == 0 ? "2026-11-26T09:00:30Z" : "2026-11-26T10:00:30Z")
            if i == 0 {
                try append(Self.pod("web-a", app: "web", node: "n1"), at: "2026-11-26T09:01:00Z")
                try append(Self.pod("web-b", app: "web", node: "n2"), at: "2026-11-26T09:02:00Z")
            }
        }
        try append(Self.pod("db-0", app: "db", node: "n1"), at: "2026-11-26T10:01:00Z")
        try append(Self.pod("job-x", app: "job", node: "n2", phase: "Succeeded"), at: "2026-11-26T10:02:00Z")
        try append(
            """
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data-db-0","namespace":"default",
            "uid":"c0"},"spec":{"volumeName":"pv-0","accessModes":["ReadWriteOnce"]},"status":{"phase":"Bound",
            "capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"]}}
            """, at: "2026-11-26T10:03:00Z")
        try append(
            """
            {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv-0","uid":"v0"},
            "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],
            "persistentVolumeReclaimPolicy":"Delete",
            "claimRef":{"namespace":"default","name":"data-db-0"}},"status":{"phase":"Bound"}}
            """, at: "2026-11-26T10:03:00Z")
    }

    /// StatefulSet db: two ControllerRevisions (postgres 15 at 11:00, 16 at 12:00), pod db-0 and
    /// its claim; the second revision's template change is appended first and the first one
    /// backfilled later, so the points in history are by occurrence time.
    func statefulSetHistory() throws {
        func set(_ image: String, revision: String) -> String {
            """
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"default","uid":"s-db",
            "creationTimestamp":"2026-11-26T11:00:00Z","generation":1},"spec":{"replicas":1,"serviceName":"db",
            "selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"db"}},
            "spec":{"containers":[{"name":"pg","image":"\(image)"}]}},"volumeClaimTemplates":[{"metadata":
            {"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]},
            "status":{"replicas":1,"readyReplicas":1,"currentRevision":"\(revision)","updateRevision":"\(revision)"}}
            """
        }
        func revision(_ n: Int, _ image: String) -> String {
            """
            {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"db-\(n)aaa","namespace":"default",
            "uid":"cr-\(n)","labels":{"app":"db","controller.kubernetes.io/hash":"\(n)aaa"},
            "ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"db","uid":"s-db",
            "controller":true}]},"revision":\(n),"data":{"spec":{"template":{"metadata":{"labels":{"app":"db"}},
            "spec":{"containers":[{"name":"pg","image":"\(image)"}]}}}}}
            """
        }
        // Recorded live first: the 12:00 change.
        try append(set("postgres:16", revision: "db-2aaa"), at: "2026-11-26T12:00:00Z")
        try append(revision(2, "postgres:16"), at: "2026-11-26T12:00:01Z")
        // Backfilled: the set's creation at 11:00 and its first revision.
        try append(set("postgres:15", revision: "db-1aaa"), at: "2026-11-26T11:00:00Z")
        try append(revision(1, "postgres:15"), at: "2026-11-26T11:00:01Z")
        try append(
            """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"db-0","namespace":"default","uid":"p-db-0",
            "labels":{"app":"db"},"creationTimestamp":"2026-11-26T11:00:05Z","ownerReferences":[{"apiVersion":
            "apps/v1","kind":"StatefulSet","name":"db","uid":"s-db","controller":true}]},"spec":{"nodeName":"n1",
            "containers":[{"name":"pg","image":"postgres:15"}]},"status":{"phase":"Running"}}
            """, at: "2026-11-26T11:00:05Z")
        try append(
            """
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data-db-0","namespace":"default",
            "uid":"c-db-0","labels":{"app":"db"}},"spec":{"volumeName":"pv-db-0","accessModes":["ReadWriteOnce"]},
            "status":{"phase":"Bound","capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"]}}
            """, at: "2026-11-26T11:00:04Z")
    }

    @Test func `kubectl describes a StatefulSet and its claim, and shows its rollout history at a past time`() throws {
        try statefulSetHistory()
        let server = try ServeRunner(store: dir.file("store"))
        defer { server.stop() }
        let s = server.url
        let describe = try kubectl(s, "describe", "sts", "db")
        #expect(describe.status == 0, "\(describe.stderr)")
        #expect(describe.stdout.contains("Name:               db") && describe.stdout.contains("postgres:16"))
        #expect(describe.stdout.contains("Pods Status:        1 Running"), "\(describe.stdout)")
        let claim = try kubectl(s, "describe", "pvc", "data-db-0")
        #expect(claim.status == 0, "\(claim.stderr)")
        #expect(claim.stdout.contains("Status:        Bound") && claim.stdout.contains("Volume:        pv-db-0"))
        // The set at 11:30 (backfilled after the 12:00 change was recorded): postgres 15, one revision.
        let then = try kubectl(s + "/at/2026-11-26T11:30:00Z", "describe", "sts", "db")
        #expect(then.status == 0 && then.stdout.contains("postgres:15") && !then.stdout.contains("postgres:16"))
        let historyThen = try kubectl(s + "/at/2026-11-26T11:30:00Z", "rollout", "history", "sts/db")
        #expect(historyThen.status == 0, "\(historyThen.stderr)")
        #expect(historyThen.stdout.contains("1 ") && !historyThen.stdout.contains("2 "), "\(historyThen.stdout)")
        let historyNow = try kubectl(s, "rollout", "history", "sts/db")
        #expect(historyNow.stdout.contains("1 ") && historyNow.stdout.contains("2 "), "\(historyNow.stdout)")
        // Before the set existed: kubectl's NotFound.
        let before = try kubectl(s + "/at/2026-11-26T10:59:00Z", "get", "sts", "db")
        #expect(before.status != 0 && before.stderr.contains(#"statefulsets.apps "db" not found"#))
    }

    /// The body of a GET, by curl (Foundation on Linux has no URL loading without FoundationNetworking).
    static func curl(_ url: String, extra: [String] = []) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-s"] + extra + [url]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func kubectl(_ server: String, _ args: String...) throws -> CLIRunner.Output {
        try ServeRunner.kubectl(args, server: server)
    }

    @Test func `kubectl lists, gets, selects, pages and describes history through serve`() throws {
        try history()
        let server = try ServeRunner(store: dir.file("store"))
        defer { server.stop() }
        let s = server.url
        // Discovery: the version kubectl's dispatcher needs, and the resources.
        let version = try kubectl(s, "version", "-o", "json")
        #expect(version.stdout.contains("\"minor\": \"32\""), "\(version.stderr)")
        let resources = try kubectl(s, "api-resources")
        #expect(
            resources.status == 0 && resources.stdout.contains("deployments") && resources.stdout.contains("deploy"))
        // The latest state, as a server-side Table with kubectl's columns.
        let pods = try kubectl(s, "get", "pods", "-A")
        #expect(pods.status == 0, "\(pods.stderr)")
        #expect(pods.stdout.hasPrefix("NAMESPACE   NAME    READY   STATUS      RESTARTS   AGE\n"))
        #expect(pods.stdout.split(separator: "\n").count == 5)
        let wide = try kubectl(s, "get", "deploy,rs,pvc,pv", "-A", "-o", "wide")
        #expect(wide.status == 0, "\(wide.stderr)")
        #expect(wide.stdout.contains("deployment.apps/web") && wide.stdout.contains("nginx:1.26"))
        #expect(wide.stdout.contains("replicaset.apps/web-1abc") && wide.stdout.contains("persistentvolume/pv-0"))
        // A point in history: 09:30 had web at 1.25 and two pods.
        let past = try kubectl(s + "/at/2026-11-26T09:30:00Z", "get", "deploy", "-o", "wide")
        #expect(past.stdout.contains("nginx:1.25") && !past.stdout.contains("nginx:1.26"), "\(past.stderr)")
        #expect(try kubectl(s + "/at/2026-11-26T09:30:00Z", "get", "pods").stdout.split(separator: "\n").count == 3)
        // One object: the stored object with the ledger revision as resourceVersion.
        let one = try kubectl(s, "get", "pod", "web-a", "-o", "json")
        let object = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as! [String: Any]
        let metadata = object["metadata"] as! [String: Any]
        #expect(metadata["uid"] as? String == "uid-web-a")
        #expect((metadata["annotations"] as? [String: String])?["kubeledger.io/resource-version"] == "15")
        #expect(Int(metadata["resourceVersion"] as? String ?? "") != nil)
        // Selectors and paging.
        let selected = try kubectl(s, "get", "pods", "-l", "app=web", "-o", "name")
        #expect(selected.stdout == "pod/web-a\npod/web-b\n", "\(selected.stderr)")
        let onNode = try kubectl(s, "get", "pods", "--field-selector", "spec.nodeName=n2", "-o", "name")
        #expect(onNode.stdout == "pod/job-x\npod/web-b\n", "\(onNode.stderr)")
        let chunked = try kubectl(s, "get", "pods", "-A", "--chunk-size=2", "-o", "name")
        #expect(chunked.stdout == (try kubectl(s, "get", "pods", "-A", "-o", "name")).stdout)
        #expect(chunked.stdout.split(separator: "\n").count == 4)
        // describe and rollout history.
        let describe = try kubectl(s, "describe", "pod", "web-a")
        #expect(describe.status == 0 && describe.stdout.contains("Node:         n1"), "\(describe.stderr)")
        let rollouts = try kubectl(s, "rollout", "history", "deploy/web")
        #expect(rollouts.status == 0, "\(rollouts.stderr)")
        #expect(
            rollouts.stdout.contains("REVISION") && rollouts.stdout.contains("1 ") && rollouts.stdout.contains("2 "))
        // Errors as Kubernetes gives them; the server never writes.
        let missing = try kubectl(s, "get", "pod", "nope")
        #expect(missing.status != 0 && missing.stderr.contains("Error from server (NotFound): pods \"nope\" not found"))
        let before = cli.storeSnapshot()
        let delete = try kubectl(s, "delete", "pod", "web-a")
        #expect(delete.status != 0 && delete.stderr.contains("MethodNotAllowed"), "\(delete.stderr)")
        #expect(cli.storeSnapshot() == before)
        let badPoint = try kubectl(s + "/at/yesterday-ish", "get", "pods")
        #expect(badPoint.status != 0, "\(badPoint.stderr)")
        let status = try Self.curl(s + "/at/yesterday-ish/api/v1/pods")
        #expect(status.contains("\"code\":400") && status.contains("not a point in history"), "\(status)")
    }

    @Test func `kubectl get -w on the live view sees events appended by another process`() throws {
        try history()
        let server = try ServeRunner(store: dir.file("store"))
        defer { server.stop() }
        let output = Pipe()
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: ServeRunner.kubectlBinary)
        watcher.arguments = ["--server", server.url, "get", "pods", "-w", "--request-timeout=0"]
        watcher.environment = ServeRunner.kubectlEnvironment
        watcher.standardOutput = output
        watcher.standardError = FileHandle.nullDevice
        let reader = ServeRunner.PipeReader(output)
        try watcher.run()
        defer { if watcher.isRunning { watcher.terminate() } }
        // Wait for the initial list, then append a pod from another process.
        try #require(reader.wait(for: "job-x", seconds: 20), "initial list: \(reader.text)")
        try append(Self.pod("late-1", app: "web", node: "n3"), at: "2026-11-26T11:00:00Z")
        let appended = Date()
        #expect(reader.wait(for: "late-1", seconds: 10), "watch output: \(reader.text)")
        #expect(Date().timeIntervalSince(appended) < 5)
    }

    @Test func `a watch at a fixed point holds with bookmarks, and WatchList ends its initial events with a bookmark`()
        throws
    {
        try history()
        let server = try ServeRunner(store: dir.file("store"))
        defer { server.stop() }
        let text = try Self.curl(
            server.url + "/at/3/api/v1/pods?watch=true&sendInitialEvents=true"
                + "&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=2")
        let lines = text.split(separator: "\n")
        let events = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let types = events.map { $0["type"] as! String }
        #expect(types.first == "BOOKMARK" || types.first == "ADDED")
        let end = try #require(events.firstIndex { ($0["type"] as? String) == "BOOKMARK" })
        let marker = ((events[end]["object"] as? [String: Any])?["metadata"] as? [String: Any])?["annotations"]
        #expect((marker as? [String: String])?["k8s.io/initial-events-end"] == "true")
        #expect(types[..<end].allSatisfy { $0 == "ADDED" })
    }

    /// Debian's python3-kubernetes (client-go's Python sibling), installed by `make deps`.
    static var hasPythonClient: Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-c", "import kubernetes"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    @Test(.enabled(if: ServeEndToEndTests.hasPythonClient, "python3-kubernetes is installed by make deps"))
    func `a second real client, python3-kubernetes, lists and watches pods`() throws {
        try history()
        let server = try ServeRunner(store: dir.file("store"))
        defer { server.stop() }
        let script = write(
            "client.py",
            """
            import sys
            from kubernetes import client, watch
            cfg = client.Configuration()
            cfg.host = sys.argv[1]
            v1 = client.CoreV1Api(client.ApiClient(cfg))
            pods = v1.list_pod_for_all_namespaces()
            for p in pods.items:
                print("LIST", p.metadata.namespace, p.metadata.name, p.status.phase, flush=True)
            for ev in watch.Watch().stream(v1.list_pod_for_all_namespaces,
                                           resource_version=pods.metadata.resource_version,
                                           allow_watch_bookmarks=True, timeout_seconds=4):
                meta = ev["raw_object"]["metadata"]
                print(ev["type"], meta.get("namespace"), meta.get("name"), flush=True)
            """)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = [script, server.url]
        let output = Pipe()
        python.standardOutput = output
        python.standardError = output
        let reader = ServeRunner.PipeReader(output)
        try python.run()
        try #require(reader.wait(for: "LIST default web-b", seconds: 20), "\(reader.text)")
        try append(Self.pod("late-2", app: "web", node: "n1"), at: "2026-11-26T11:00:00Z")
        python.waitUntilExit()
        let lines = reader.text.split(separator: "\n").map(String.init)
        #expect(python.terminationStatus == 0, "\(reader.text)")
        #expect(lines.filter { $0.hasPrefix("LIST ") }.count == 4)
        #expect(lines.contains("LIST default job-x Succeeded"))
        #expect(lines.contains("ADDED default late-2"), "\(reader.text)")
    }

    @Test func `replay streams the recorded events after its start, and a compacted revision is 410 Expired`() throws {
        try history()
        let server = try ServeRunner(store: dir.file("store"), extra: ["--compact-before", "3"])
        defer { server.stop() }
        // From 09:30: the pods created later arrive as ADDED, in the order they were recorded.
        let replay = try Self.curl(
            server.url + "/replay/2026-11-26T09:30:00Z/api/v1/pods?watch=1&resourceVersion=6&timeoutSeconds=2")
        let added = replay.split(separator: "\n").compactMap { line -> String? in
            guard let e = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                e["type"] as? String == "ADDED"
            else { return nil }
            return ((e["object"] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String
        }
        #expect(added == ["db-0", "job-x"], "\(replay)")
        // A watch from before the compaction gets one ERROR event carrying a 410 Status.
        let old = try Self.curl(server.url + "/api/v1/pods?watch=true&resourceVersion=2&timeoutSeconds=1")
        #expect(old.contains(#""type":"ERROR""#) && old.contains(#""code":410"#) && old.contains("Expired"), "\(old)")
        // Through kubectl, an exact list at a compacted revision fails the same way.
        let list = try ServeRunner.kubectl(
            ["get", "--raw", "/api/v1/pods?resourceVersion=2&resourceVersionMatch=Exact"], server: server.url)
        #expect(list.status != 0 && list.stderr.contains("too old resource version"), "\(list.stderr)")
    }

    /// Runs a command to its end; its status.
    static func run(_ path: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl"))
    func `TLS with a bearer token: kubectl with the CA and token is served, without the token it is refused`()
        throws
    {
        try history()
        let cert = dir.file("tls.crt")
        let key = dir.file("tls.key")
        let made = try Self.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
            ])
        try #require(made == 0)
        let tokenFile = write("token", "s3cret-token\n")
        // Off loopback without TLS and a token, serve refuses to start with a one-line reason.
        let refused = try cli.run(["serve", "--listen", "0.0.0.0:0"])
        #expect(refused.status == 2 && refused.stderr.contains("needs TLS (--tls-cert-file"))
        let server = try ServeRunner(
            store: dir.file("store"), extra: ["--token-file", tokenFile, "--tls-cert", cert, "--tls-key", key],
            scheme: "https")
        defer { server.stop() }
        let ok = try ServeRunner.kubectl(
            ["--certificate-authority", cert, "--token", "s3cret-token", "get", "pods", "-A"], server: server.url)
        #expect(ok.status == 0 && ok.stdout.contains("web-a"), "\(ok.stderr)")
        // A wrong token is 401 (kubectl without any credentials would prompt for a user name).
        let wrong = try ServeRunner.kubectl(
            ["--certificate-authority", cert, "--token", "s3cret-tokem", "get", "pods"], server: server.url)
        #expect(wrong.status != 0 && wrong.stderr.contains("Unauthorized"), "\(wrong.stderr)")
        let noToken = try Self.curl(server.url + "/api/v1/pods", extra: ["--cacert", cert])
        #expect(noToken.contains(#""code":401"#) && noToken.contains("Unauthorized"), "\(noToken)")
    }
}
