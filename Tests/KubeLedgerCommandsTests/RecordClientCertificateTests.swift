import Foundation
import Ledger
import LedgerTestSupport
import Testing

/// Both halves of mutual TLS in one run: `kubeledger record` connects with the client certificate
/// of its kubeconfig (`client-certificate-data`/`client-key-data`) to `kubeledger serve` requiring
/// one (`--client-ca-file`), trusting serve through the `certificate-authority-data` that
/// `serve --print-kubeconfig` printed.
@Suite(.enabled(if: TestCertificates.haveOpenSSL, "needs openssl"))
struct RecordClientCertificateTests {
    @Test func recorderWithAClientCertificateRecordsFromServeRequiringOne() throws {
        let rig = try RecordRig()
        try rig.append([RecordRig.pod("m1", 1), RecordRig.pod("m2", 1)])
        let certs = try TestCertificates(in: rig.dir.file("pki"))
        let tls = ["--tls-cert-file", certs.serverChain, "--tls-private-key-file", certs.serverKey]
        let serve = try ServeRunner(
            store: rig.dir.file("src"), extra: tls + ["--client-ca-file", certs.caCertificate], scheme: "https")
        defer { serve.stop() }
        let listen = serve.url.replacingOccurrences(of: "https://", with: "")
        let printed = try rig.source.run(["serve", "--print-kubeconfig", "--listen", listen] + tls)
        try #require(printed.status == 0, "\(printed.stderr)")
        func data(_ path: String) throws -> String {
            try Data(contentsOf: URL(fileURLWithPath: path)).base64EncodedString()
        }
        func kubeconfig(_ name: String, certificate: String, key: String) throws -> String {
            let text = printed.stdout.replacingOccurrences(
                of: "  user: {}",
                with: "  user:\n    client-certificate-data: \(try data(certificate))\n"
                    + "    client-key-data: \(try data(key))")
            let path = rig.dir.file(name)
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            return path
        }
        let good = try kubeconfig("alice.yaml", certificate: certs.clientCertificate, key: certs.clientKey)
        let recorder = try rig.startRecorder(["--kubeconfig", good, "--resources", "pods"])
        #expect(try rig.waitForAll(), "\(recorder.reader.text)")
        try rig.append([RecordRig.pod("m1", 2)])
        #expect(try rig.waitForAll(), "\(recorder.reader.text)")
        #expect(recorder.terminate().status == 0)
        try RecordEndToEndTests.expectOneToOne(rig)

        // Another CA's certificate: the recorder cannot connect, keeps retrying, stores nothing.
        let rogue = try kubeconfig("mallory.yaml", certificate: certs.rogueCertificate, key: certs.rogueKey)
        let refused = try RecorderProcess(arguments: [
            "record", "--store", rig.dir.file("other"), "--kubeconfig", rogue, "--resources", "pods",
        ])
        #expect(refused.reader.wait(for: "TLSV1_ALERT_UNKNOWN_CA", seconds: 20), "\(refused.reader.text)")
        #expect(refused.terminate().status == 0)
        var options = Ledger.Options()
        options.readOnly = true
        let other = try? Ledger(path: rig.dir.file("other"), options: options)
        #expect(try other?.lastRevision() ?? 0 == 0)
    }
}
