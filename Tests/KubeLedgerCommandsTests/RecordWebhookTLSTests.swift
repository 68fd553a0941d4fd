import Foundation
import Ledger
import LedgerTestSupport
import Testing

/// `record --audit-webhook-listen` over TLS with client authentication, as the kube-apiserver's
/// audit webhook kubeconfig configures it (it verifies our certificate against
/// `certificate-authority-data` and presents `client-certificate` or `token`): curl posts audit
/// EventLists with and without a client certificate or token; a refused post stores nothing.
@Suite(.serialized, .enabled(if: TestCertificates.haveOpenSSL, "needs openssl"))
struct RecordWebhookTLSTests {
    /// A recorder of `serve`'s pods with the webhook on HTTPS and `security` flags; its webhook URL.
    static func start(_ rig: RecordRig, serve: ServeRunner, certs: TestCertificates, security: [String]) throws
        -> (RecorderProcess, String)
    {
        let recorder = try rig.startRecorder(
            [
                "--kubeconfig", try rig.kubeconfig(for: serve.url), "--resources", "pods",
                "--audit-webhook-listen", "127.0.0.1:0", "--audit-webhook-tls-cert-file", certs.serverChain,
                "--audit-webhook-tls-private-key-file", certs.serverKey, "--metrics-listen", "127.0.0.1:0",
            ] + security)
        #expect(recorder.reader.wait(for: "audit webhook listening on port", seconds: 20), "\(recorder.reader.text)")
        #expect(recorder.reader.wait(for: "listed", seconds: 20))
        let text = recorder.reader.text
        let port = text.range(of: "audit webhook listening on port ").map { r in
            String(text[r.upperBound...].prefix { $0.isNumber })
        }
        return (recorder, "https://127.0.0.1:\(port ?? "0")/")
    }

    @Test func clientCertificateSignedByTheClientCAIsAcceptedAndAClientWithoutOneStoresNothing() throws {
        let rig = try RecordRig()
        try rig.append([RecordRig.pod("w1", 1)])
        let serve = try ServeRunner(store: rig.dir.file("src"))
        defer { serve.stop() }
        let certs = try TestCertificates(in: rig.dir.file("pki"))
        let (recorder, hook) = try Self.start(
            rig, serve: serve, certs: certs, security: ["--audit-webhook-client-ca-file", certs.caCertificate])
        #expect(try rig.waitForAll())
        let ca = ["--cacert", certs.caCertificate]
        let before = try rig.recordedEvents().count
        let revision = try rig.sourceHead() + 1

        // No client certificate, or one from another CA: the handshake fails, nothing is stored.
        let eve = RecordEndToEndTests.auditList("w1", user: "eve", revision: revision, id: "e-1")
        let plain = try TestCertificates.curl(ca + [hook], body: eve)
        #expect(plain.http == "000", "\(plain)")
        let rogue = try TestCertificates.curl(
            ca + ["--cert", certs.rogueCertificate, "--key", certs.rogueKey, hook], body: eve)
        #expect(rogue.http == "000", "\(rogue)")
        #expect(try rig.recordedEvents().count == before)

        // The apiserver's client certificate: 200 after the commit, and the watched update joins it.
        let alice = RecordEndToEndTests.auditList("w1", user: "alice", revision: revision, id: "a-1")
        let ok = try TestCertificates.curl(
            ca + ["--cert", certs.clientCertificate, "--key", certs.clientKey, hook], body: alice)
        #expect(ok.http == "200", "\(ok)")
        try rig.append([RecordRig.pod("w1", 9)])
        #expect(try rig.waitForAll())
        let events = try rig.recordedEvents()
        #expect(events.filter { $0.resourceVersion == String(revision) }.map(\.actor) == ["alice"])
        #expect(!events.contains { $0.actor == "eve" })
        try RecordEndToEndTests.expectOneToOne(rig)
        #expect(recorder.terminate().status == 0)
    }

    @Test func bearerTokenOrClientCertificateAuthenticatesAndABadTokenIs401StoringNothing() throws {
        let rig = try RecordRig()
        try rig.append([RecordRig.pod("w2", 1)])
        let serve = try ServeRunner(store: rig.dir.file("src"))
        defer { serve.stop() }
        let certs = try TestCertificates(in: rig.dir.file("pki"))
        _ = FileManager.default.createFile(atPath: rig.dir.file("hook-token"), contents: Data("hook\n".utf8))
        let (recorder, hook) = try Self.start(
            rig, serve: serve, certs: certs,
            security: [
                "--audit-webhook-client-ca-file", certs.caCertificate, "--audit-webhook-token-file",
                rig.dir.file("hook-token"),
            ])
        #expect(try rig.waitForAll())
        let ca = ["--cacert", certs.caCertificate]
        let before = try rig.recordedEvents().count
        let revision = try rig.sourceHead() + 1
        let eve = RecordEndToEndTests.auditList("w2", user: "eve", revision: revision, id: "e-2")
        let none = try TestCertificates.curl(ca + [hook], body: eve)
        #expect(none.http == "401" && none.body.contains("Unauthorized"), "\(none)")
        let wrong = try TestCertificates.curl(ca + ["-H", "Authorization: Bearer hoox", hook], body: eve)
        #expect(wrong.http == "401", "\(wrong)")
        // Plain HTTP to the TLS port gets no answer the apiserver could take for success.
        let cleartext = try TestCertificates.curl(["-H", "Authorization: Bearer hook", hook.replacingOccurrences(
            of: "https://", with: "http://")], body: eve)
        #expect(cleartext.http != "200", "\(cleartext)")
        #expect(try rig.recordedEvents().count == before)

        let bob = RecordEndToEndTests.auditList("w2", user: "bob", revision: revision, id: "b-1")
        let token = try TestCertificates.curl(ca + ["-H", "Authorization: Bearer hook", hook], body: bob)
        #expect(token.http == "200", "\(token)")
        let carol = RecordEndToEndTests.auditList("w2", user: "carol", revision: revision + 1, id: "c-1")
        let cert = try TestCertificates.curl(
            ca + ["--cert", certs.clientCertificate, "--key", certs.clientKey, hook], body: carol)
        #expect(cert.http == "200", "\(cert)")
        try rig.append([RecordRig.pod("w2", 9)])
        try rig.append([RecordRig.pod("w2", 10)])
        #expect(try rig.waitForAll())
        let byRV = Dictionary(grouping: try rig.recordedEvents(), by: \.resourceVersion)
        #expect(byRV[String(revision)]?.map(\.actor) == ["bob"])
        #expect(byRV[String(revision + 1)]?.map(\.actor) == ["carol"])

        // /metrics through swift-prometheus: the same series names, the two webhook batches counted.
        let text = recorder.reader.text
        let ops = text.range(of: "operations listening on port ").map {
            String(text[$0.upperBound...].prefix(while: \.isNumber))
        }
        let metrics = try ServeEndToEndTests.curl("http://127.0.0.1:\(ops ?? "0")/metrics")
        for name in [
            "events_total", "watch_restarts_total", "relists_total", "commits_total", "commit_lag_seconds",
            "last_commit_timestamp_seconds", "store_bytes", "last_revision",
        ] {
            #expect(metrics.contains("# TYPE kubeledger_record_\(name) "), "\(name): \(metrics)")
        }
        #expect(metrics.contains(#"kubeledger_record_events_total{resource="audit"} 2"#), "\(metrics)")
        #expect(metrics.contains(#"kubeledger_record_events_total{resource="pods"}"#))
        #expect(recorder.terminate().status == 0)
    }

    @Test func webhookTLSFlagsAreCheckedBeforeTheStoreIsCreated() throws {
        let rig = try RecordRig()
        let certs = try TestCertificates(in: rig.dir.file("pki"))
        let serve = try ServeRunner(store: rig.dir.file("src"))
        defer { serve.stop() }
        let kubeconfig = try rig.kubeconfig(for: serve.url)
        let offLoopback = try rig.target.run([
            "record", "--kubeconfig", kubeconfig, "--audit-webhook-listen", "0.0.0.0:0",
            "--audit-webhook-token-file", kubeconfig,
        ])
        #expect(offLoopback.status == 2, "\(offLoopback.stderr)")
        #expect(offLoopback.stderr.contains("needs TLS (--audit-webhook-tls-cert-file"), "\(offLoopback.stderr)")
        let badKey = try rig.target.run([
            "record", "--kubeconfig", kubeconfig, "--audit-webhook-listen", "127.0.0.1:0",
            "--audit-webhook-tls-cert-file", certs.serverChain, "--audit-webhook-tls-private-key-file",
            certs.clientKey,
        ])
        #expect(badKey.status == 2 && badKey.stderr.contains("--audit-webhook-tls-cert-file"), "\(badKey.stderr)")
        let noListener = try rig.target.run([
            "record", "--kubeconfig", kubeconfig, "--audit-webhook-client-ca-file", certs.caCertificate,
        ])
        #expect(noListener.status == 2 && noListener.stderr.contains("need --audit-webhook-listen"))
        #expect(!FileManager.default.fileExists(atPath: rig.dir.file("dst")))
    }
}
