import Foundation
import Ledger
import LedgerTestSupport
import Testing

/// `kubeledger record` against `kubeledger serve`'s live view of a second store: everything
/// arrives once, kill -9 at random moments loses and repeats nothing, a restarted or compacted
/// source is relisted and reconciled, exec credentials are used and refreshed, secrets are
/// digested and paths redacted on the stored bytes.
@Suite(.serialized)
struct RecordEndToEndTests {
    /// Every source revision maps to exactly one recorded event (by resourceVersion).
    static func expectOneToOne(_ rig: RecordRig) throws {
        let head = try rig.sourceHead()
        let rvs = try rig.recordedEvents().map(\.resourceVersion)
        #expect(rvs.count == Int(head), "recorded \(rvs.count) events for \(head) source revisions")
        #expect(Set(rvs) == Set((1...head).map { String($0) }))
    }

    static func expectSameState(_ rig: RecordRig, kinds: [String] = ["pods"]) throws {
        for kind in kinds {
            let a = try RecordRig.normalizedGet(rig.source, kind)
            let b = try RecordRig.normalizedGet(rig.target, kind)
            #expect(a.count > 0)
            #expect(a == b, "\(kind) differ")
        }
    }

    /// With WatchList (serve supports `sendInitialEvents`) and with LIST then WATCH.
    @Test(arguments: [false, true])
    func objectsAppendedWhileRecordingAllArriveOnce(listThenWatch: Bool) throws {
        let rig = try RecordRig()
        try rig.append((0..<20).map { RecordRig.pod("p\($0)", 1) })
        let serve = try ServeRunner(store: rig.dir.file("src"))
        defer { serve.stop() }
        let kubeconfig = try rig.kubeconfig(for: serve.url)
        let recorder = try rig.startRecorder(["--kubeconfig", kubeconfig, "--resources", "pods"])
        #expect(recorder.reader.wait(for: "listed", seconds: 20))
        for round in 2..<6 {
            try rig.append((0..<5).map { RecordRig.pod("p\($0 + round)", round) })
            try rig.append([RecordRig.pod("new\(round)", round)])
            try rig.append([RecordRig.pod("p\(round + 10)", round)], verb: "delete")
        }
        #expect(try rig.waitForAll())
        let stop = recorder.terminate()
        #expect(stop.status == 0, "\(recorder.reader.text)")
        #expect(stop.seconds < 5)
        try Self.expectOneToOne(rig)
        try Self.expectSameState(rig)
        #expect(recorder.reader.text.contains("watching /api/v1/pods"))
    }

    @Test func killNineAtRandomMomentsLosesAndRepeatsNothing() throws {
        let rig = try RecordRig()
        try rig.append((0..<10).map { RecordRig.pod("k\($0)", 1) })
        let serve = try ServeRunner(store: rig.dir.file("src"))
        defer { serve.stop() }
        let args = ["--kubeconfig", try rig.kubeconfig(for: serve.url), "--resources", "pods"]
        // The first list is committed before the source moves on, so every later revision is a
        // watch event the recorder must see exactly once.
        let first = try rig.startRecorder(args)
        #expect(first.reader.wait(for: "listed", seconds: 20))
        first.kill9()
        // A writer appends while the recorder is killed and restarted 50 times.
        let stop = LockedFlag()
        let writer = Thread {
            var round = 2
            while !stop.isSet {
                try? rig.append((0..<3).map { RecordRig.pod("k\(($0 + round) % 10)", round) })
                round += 1
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        writer.start()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let r = try rig.startRecorder(args)
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.4, using: &generator))
            r.kill9()
        }
        stop.set()
        while !stop.writerDone(writer) { Thread.sleep(forTimeInterval: 0.05) }
        let last = try rig.startRecorder(args)
        #expect(try rig.waitForAll())
        #expect(last.terminate().status == 0)
        try Self.expectOneToOne(rig)
        try Self.expectSameState(rig)
        let verify = try rig.target.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}

extension RecordEndToEndTests {
    /// Waits until `get pods -A -o json` of both stores agree.
    static func waitForSameState(_ rig: RecordRig, seconds: Double = 30) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try RecordRig.normalizedGet(rig.source, "pods") == RecordRig.normalizedGet(rig.target, "pods") {
                return true
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return false
    }

    @Test func sourceRestartedMidStreamThenCompactedIsResumedThenRelisted() throws {
        let rig = try RecordRig()
        try rig.append((0..<10).map { RecordRig.pod("r\($0)", 1) })
        var serve = try ServeRunner(store: rig.dir.file("src"))
        let listen = serve.url.replacingOccurrences(of: "http://", with: "")
        let kubeconfig = try rig.kubeconfig(for: serve.url)
        // LIST then WATCH here, so the relist after 410 is a LIST; the other tests use WatchList.
        let recorder = try rig.startRecorder(["--kubeconfig", kubeconfig, "--resources", "pods", "--no-watch-list"])
        #expect(recorder.reader.wait(for: "listed", seconds: 20))
        try rig.append((0..<3).map { RecordRig.pod("r\($0)", 2) })
        #expect(try rig.waitForAll())

        // 1. The source goes away mid-stream and comes back: the watch resumes from its cursor.
        serve.stop()
        try rig.append((3..<6).map { RecordRig.pod("r\($0)", 3) })
        serve = try ServeRunner(store: rig.dir.file("src"), extra: ["--listen", listen])
        #expect(try rig.waitForAll())
        try Self.expectOneToOne(rig)

        // 2. Gone again; back compacted past the recorder's cursor: 410, list again, reconcile.
        serve.stop()
        try rig.append([RecordRig.pod("r7", 4), RecordRig.pod("fresh", 4)])
        try rig.append([RecordRig.pod("r8", 1)], verb: "delete")
        let head = try rig.sourceHead()
        serve = try ServeRunner(store: rig.dir.file("src"), extra: ["--listen", listen, "--compact-before", "\(head)"])
        defer { serve.stop() }
        #expect(try Self.waitForSameState(rig))
        #expect(recorder.terminate().status == 0)
        #expect(recorder.reader.text.contains("410"), "\(recorder.reader.text)")
        let deletes = try rig.recordedEvents().filter { $0.verb == .delete }
        #expect(deletes.map(\.object.name) == ["r8"])
        #expect(deletes.first?.source == .list)
        try Self.expectSameState(rig)
    }
}

extension RecordEndToEndTests {
    @Test func execCredentialPluginTokenIsUsedAndRefreshedOnExpiry() throws {
        let rig = try RecordRig()
        try rig.append([RecordRig.pod("e1", 1)])
        FileManager.default.createFile(atPath: rig.dir.file("token"), contents: Data("s3cret-token\n".utf8))
        let serve = try ServeRunner(store: rig.dir.file("src"), extra: ["--token-file", rig.dir.file("token")])
        defer { serve.stop() }
        // The plugin counts its runs and hands out a token that expires two seconds later.
        let script = rig.dir.file("plugin.sh")
        let runs = rig.dir.file("runs")
        FileManager.default.createFile(
            atPath: script,
            contents: Data(
                """
                #!/bin/sh
                echo run >> "\(runs)"
                [ -n "$KUBERNETES_EXEC_INFO" ] || exit 3
                exp=$(date -u -d '+2 seconds' +%Y-%m-%dT%H:%M:%SZ)
                printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",'
                printf '"status":{"token":"%s","expirationTimestamp":"%s"}}' "$TOKEN" "$exp"
                """.utf8), attributes: [.posixPermissions: 0o755])
        let kubeconfig = rig.dir.file("exec.yaml")
        FileManager.default.createFile(
            atPath: kubeconfig,
            contents: Data(
                """
                apiVersion: v1
                kind: Config
                clusters:
                - name: src
                  cluster: {server: "\(serve.url)"}
                users:
                - name: plugin
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: ./plugin.sh
                      env: [{name: TOKEN, value: s3cret-token}]
                contexts:
                - name: src
                  context: {cluster: src, user: plugin}
                current-context: src
                """.utf8))
        let recorder = try rig.startRecorder(
            ["--kubeconfig", kubeconfig, "--resources", "pods", "--watch-timeout", "1"])
        #expect(recorder.reader.wait(for: "listed", seconds: 20), "\(recorder.reader.text)")
        Thread.sleep(forTimeInterval: 3.5)
        try rig.append([RecordRig.pod("e2", 2)])
        #expect(try rig.waitForAll())
        #expect(recorder.terminate().status == 0)
        let count = (try? String(contentsOfFile: runs, encoding: .utf8))?.split(separator: "\n").count ?? 0
        // Once at start, then again after each expiry (every two seconds), not per request.
        #expect(count >= 2, "plugin ran \(count) times")
        #expect(count <= 6, "plugin ran \(count) times")
        #expect(!recorder.reader.text.contains("HTTP 401"), "\(recorder.reader.text)")
        try Self.expectOneToOne(rig)
    }

    @Test func secretsAreDigestedAndRedactedPathsMaskedOnTheStoredBytes() throws {
        let rig = try RecordRig()
        try rig.append([
            """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"default","uid":"s1",\
            "annotations":{"note":"hunter2-note"}},"data":{"password":"aHVudGVyMg=="},"stringData":{"k":"plain"}}
            """
        ])
        try rig.append([RecordRig.pod("x1", 1, extra: #","annotations":{"note":"hunter2-note"}"#)])
        let serve = try ServeRunner(store: rig.dir.file("src"))
        defer { serve.stop() }
        let kubeconfig = try rig.kubeconfig(for: serve.url)
        let recorder = try rig.startRecorder(
            ["--kubeconfig", kubeconfig, "--resources", "secrets,pods", "--redact", ".metadata.annotations.note"])
        #expect(try rig.waitForAll())
        #expect(recorder.terminate().status == 0)
        let bodies = try rig.recordedEvents().map { String(decoding: $0.body ?? [], as: UTF8.self) }
        #expect(bodies.count == 2)
        for b in bodies {
            #expect(!b.contains("aHVudGVyMg=="))
            #expect(!b.contains("hunter2-note"))
            #expect(!b.contains("plain"))
            #expect(b.contains("<redacted>"))
        }
        // SHA-256 of the stored value's bytes ("aHVudGVyMg==" as it appears in data).
        #expect(bodies.contains { $0.contains("sha256:") })
        // --secrets=full keeps the values (into a fresh store).
        let full = try RecorderProcess(arguments: [
            "record", "--store", rig.dir.file("full"), "--kubeconfig", kubeconfig, "--resources", "secrets",
            "--secrets=full",
        ])
        #expect(full.reader.wait(for: "listed", seconds: 20))
        #expect(full.terminate().status == 0)
        let dump = try CLIRunner(store: rig.dir.file("full"), directory: rig.dir.path)
            .run(["get", "secrets", "-A", "-o", "json"])
        #expect(dump.stdout.contains("aHVudGVyMg=="))
    }
}

extension RecordEndToEndTests {
    /// One audit EventList holding an `update` of pod `name` by `user` that produced `revision`.
    static func auditList(_ name: String, user: String, revision: UInt64, id: String) -> String {
        let object = RecordRig.pod(name, 9).replacingOccurrences(
            of: #""creationTimestamp""#, with: #""resourceVersion":"\#(revision)","creationTimestamp""#)
        return """
            {"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[{"kind":"Event","apiVersion":"audit.k8s.io/v1",\
            "level":"RequestResponse","auditID":"\(id)","stage":"ResponseComplete","verb":"update",\
            "requestURI":"/api/v1/namespaces/ns\(name.count % 3)/pods/\(name)","user":{"username":"\(user)"},\
            "objectRef":{"resource":"pods","namespace":"ns\(name.count % 3)","name":"\(name)","uid":"uid-\(name)",\
            "apiVersion":"v1"},"responseStatus":{"code":200},"responseObject":\(object),\
            "stageTimestamp":"2026-11-26T10:00:00.000000Z"}]}
            """
    }

    /// POSTs `body` with curl; returns the HTTP status.
    static func post(_ url: String, _ body: String, token: String) throws -> Int {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = [
            "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Authorization: Bearer \(token)",
            "-H", "Content-Type: application/json", "--data-binary", "@-", url,
        ]
        let input = Pipe()
        let out = Pipe()
        p.standardInput = input
        p.standardOutput = out
        try p.run()
        input.fileHandleForWriting.write(Data(body.utf8))
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Int(String(decoding: data, as: UTF8.self)) ?? -1
    }

    @Test func auditWebhookJoinsWatchedEventsInBothOrdersAndRefusesBadRequests() throws {
        let rig = try RecordRig()
        try rig.append([RecordRig.pod("w1", 1), RecordRig.pod("w2", 1)])
        let serve = try ServeRunner(store: rig.dir.file("src"))
        defer { serve.stop() }
        FileManager.default.createFile(atPath: rig.dir.file("hook-token"), contents: Data("hook\n".utf8))
        let recorder = try rig.startRecorder([
            "--kubeconfig", try rig.kubeconfig(for: serve.url), "--resources", "pods",
            "--audit-webhook-listen", "127.0.0.1:0", "--audit-webhook-token-file", rig.dir.file("hook-token"),
            "--metrics-listen", "127.0.0.1:0",
        ])
        #expect(recorder.reader.wait(for: "listed", seconds: 20))
        func port(_ what: String) -> String {
            let text = recorder.reader.text
            guard let r = text.range(of: "record: \(what) listening on port ") else { return "0" }
            return String(text[r.upperBound...].prefix { $0.isNumber })
        }
        let hook = "http://127.0.0.1:\(port("audit webhook"))/"
        let ops = "http://127.0.0.1:\(port("operations"))"

        // Audit first: the webhook's event is stored, the watched one joins it.
        let first = try rig.sourceHead() + 1
        let alice = Self.auditList("w1", user: "alice", revision: first, id: "a-1")
        #expect(try Self.post(hook, alice, token: "hook") == 200)
        try rig.append([RecordRig.pod("w1", 9)])
        #expect(try rig.waitForAll())
        // Watch first: the webhook's provenance amends the watched event.
        try rig.append([RecordRig.pod("w2", 9)])
        let second = try rig.sourceHead()
        #expect(try rig.waitForAll())
        let bob = Self.auditList("w2", user: "bob", revision: second, id: "a-2")
        #expect(try Self.post(hook, bob, token: "hook") == 200)

        let before = try rig.recordedEvents().count
        #expect(try Self.post(hook, Self.auditList("w2", user: "eve", revision: 99, id: "a-3"), token: "bad") == 401)
        #expect(try Self.post(hook, #"{"kind":"EventList","items":[{"kind":"Event","#, token: "hook") == 400)
        #expect(try Self.post(hook, #"{"kind":"Pod"}"#, token: "hook") == 400)
        let events = try rig.recordedEvents()
        #expect(events.count == before)
        let byRV = Dictionary(grouping: events, by: \.resourceVersion)
        #expect(byRV[String(first)]?.map(\.actor) == ["alice"])
        #expect(byRV[String(second)]?.map(\.actor) == ["bob"])
        try Self.expectOneToOne(rig)

        let metrics = try ServeEndToEndTests.curl(ops + "/metrics")
        #expect(metrics.contains("kubeledger_record_events_total{resource=\"pods\"}"))
        #expect(metrics.contains("kubeledger_record_commit_lag_seconds"))
        #expect(try ServeEndToEndTests.curl(ops + "/readyz").contains("ok"))
        #expect(try ServeEndToEndTests.curl(ops + "/healthz").contains("ok"))
        let stop = recorder.terminate()
        #expect(stop.status == 0)
        #expect(stop.seconds < 5)
    }
}

extension RecordEndToEndTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl"))
    func httpsWithCertificateAuthorityDataAndBearerTokenFromTheKubeconfig() throws {
        let rig = try RecordRig()
        try rig.append([RecordRig.pod("t1", 1), RecordRig.pod("t2", 1)])
        let cert = rig.dir.file("tls.crt")
        let key = rig.dir.file("tls.key")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)
        FileManager.default.createFile(atPath: rig.dir.file("token"), contents: Data("tls-token\n".utf8))
        let serve = try ServeRunner(
            store: rig.dir.file("src"),
            extra: ["--token-file", rig.dir.file("token"), "--tls-cert", cert, "--tls-key", key], scheme: "https")
        defer { serve.stop() }
        let ca = try Data(contentsOf: URL(fileURLWithPath: cert)).base64EncodedString()
        func kubeconfig(_ name: String, token: String) -> String {
            let path = rig.dir.file(name)
            FileManager.default.createFile(
                atPath: path,
                contents: Data(
                    """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: tls
                      cluster: {server: "\(serve.url)", certificate-authority-data: \(ca)}
                    users:
                    - name: u
                      user: {token: \(token)}
                    contexts:
                    - name: tls
                      context: {cluster: tls, user: u}
                    current-context: tls
                    """.utf8))
            return path
        }
        let recorder = try rig.startRecorder(["--kubeconfig", kubeconfig("good.yaml", token: "tls-token")])
        #expect(try rig.waitForAll(), "\(recorder.reader.text)")
        #expect(recorder.terminate().status == 0)
        try Self.expectOneToOne(rig)
        // A wrong token: the recorder keeps retrying, logs the 401 and stores nothing more.
        let before = try rig.recordedEvents().count
        let refused = try RecorderProcess(arguments: [
            "record", "--store", rig.dir.file("other"), "--kubeconfig", kubeconfig("bad.yaml", token: "wrong"),
            "--resources", "pods",
        ])
        #expect(refused.reader.wait(for: "401", seconds: 20), "\(refused.reader.text)")
        #expect(refused.terminate().status == 0)
        #expect(try rig.recordedEvents().count == before)
    }

    @Test func aBadKubeconfigIsAOneLineErrorNamingTheFieldAndStoresNothing() throws {
        let rig = try RecordRig()
        let path = rig.dir.file("broken.yaml")
        FileManager.default.createFile(
            atPath: path,
            contents: Data(
                """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {}}]
                contexts: [{name: x, context: {cluster: c}}]
                current-context: x
                """.utf8))
        let out = try rig.target.run(["record", "--kubeconfig", path])
        #expect(out.status == 2)
        #expect(out.stderr.contains("broken.yaml: clusters[c].server: missing"), "\(out.stderr)")
        #expect(out.stderr.split(separator: "\n").count <= 2)
        #expect(!FileManager.default.fileExists(atPath: rig.dir.file("dst")))
        let unknown = try rig.target.run(["record", "--kubeconfig", path, "--context", "nope"])
        #expect(unknown.status == 2 && unknown.stderr.contains("contexts: no entry named nope"))
        let resource = try rig.target.run(["record", "--kubeconfig", path, "--resources", "podz"])
        #expect(resource.status == 2 && resource.stderr.contains("unknown resource podz"), "\(resource.stderr)")
    }
}

extension RecordEndToEndTests {
    @Test func allDiscoversEveryListableResourceCustomResourcesIncluded() throws {
        let rig = try RecordRig()
        try rig.append([
            RecordRig.pod("a1", 1),
            """
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default","uid":"w1",\
            "creationTimestamp":"2026-11-26T09:00:00Z"},"spec":{"size":3}}
            """,
        ])
        let serve = try ServeRunner(store: rig.dir.file("src"))
        defer { serve.stop() }
        let recorder = try rig.startRecorder(["--kubeconfig", try rig.kubeconfig(for: serve.url), "--all"])
        #expect(try rig.waitForAll())
        #expect(recorder.terminate().status == 0)
        #expect(recorder.reader.text.contains("watching /apis/example.com/v1/widgets"))
        #expect(!recorder.reader.text.contains("watching /api/v1/secrets"))
        try Self.expectOneToOne(rig)
        #expect(try rig.recordedEvents().map(\.object.kind).sorted() == ["Pod", "Widget"])
    }
}
