import Foundation
import LedgerTestSupport
import Testing

/// `kubeledger serve` with TLS and client authentication in kube-apiserver's terms
/// (`--tls-cert-file`, `--tls-private-key-file`, `--client-ca-file`, `--token-file`,
/// `--token-auth-file`), checked with the real kubectl 1.32 and curl over certificates made by
/// openssl.
@Suite(.enabled(if: CLIRunner.hasKubectl && TestCertificates.haveOpenSSL, "needs kubectl and openssl"))
struct ServeTLSEndToEndTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }

    func storeWithOnePod() throws {
        let path = dir.file("pod.json")
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(ServeEndToEndTests.pod("web-a", app: "web", node: "n1").utf8))
        let r = try cli.run(["append", "-f", path, "--at", "2026-11-26T09:00:00Z"])
        try #require(r.status == 0, "\(r.stderr)")
    }

    /// kubectl 1.32 with `--kubeconfig kubeconfig` and nothing else from the environment.
    static func kubectl(kubeconfig: String, _ args: [String]) throws -> (status: Int32, stdout: String, stderr: String)
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ServeRunner.kubectlBinary)
        p.arguments = ["--kubeconfig", kubeconfig, "--request-timeout", "20s"] + args
        p.environment = ServeRunner.kubectlEnvironment
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test func `with a client CA, kubectl with a client certificate signed by it is served and without one refused`()
        throws
    {
        try storeWithOnePod()
        let certs = try TestCertificates(in: dir.file("pki"))
        let tls = ["--tls-cert-file", certs.serverChain, "--tls-private-key-file", certs.serverKey]
        let server = try ServeRunner(
            store: dir.file("store"), extra: tls + ["--client-ca-file", certs.caCertificate], scheme: "https")
        defer { server.stop() }
        let listen = server.url.replacingOccurrences(of: "https://", with: "")

        // --print-kubeconfig speaks https and carries the chain's CA as certificate-authority-data.
        let printed = try cli.run(["serve", "--print-kubeconfig", "--listen", listen] + tls)
        try #require(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.contains("server: https://\(listen)"))
        let caData = try Data(contentsOf: URL(fileURLWithPath: certs.caCertificate)).base64EncodedString()
        #expect(printed.stdout.contains("certificate-authority-data: \(caData)"))

        // Without a client certificate (a token instead, or kubectl would prompt for a user name
        // before connecting): refused at the TLS handshake.
        let anonymous = dir.file("anonymous.yaml")
        _ = FileManager.default.createFile(atPath: anonymous, contents: Data(printed.stdout.utf8))
        _ = try Self.kubectl(kubeconfig: anonymous, ["config", "set-credentials", "kubeledger", "--token=not-a-cert"])
        let refused = try Self.kubectl(kubeconfig: anonymous, ["get", "pods", "-A"])
        #expect(refused.status != 0 && refused.stderr.contains("tls: certificate required"), "\(refused.stderr)")
        #expect(!refused.stdout.contains("web-a"))

        // With the client certificate in the kubeconfig's user: served.
        let alice = dir.file("alice.yaml")
        _ = FileManager.default.createFile(atPath: alice, contents: Data(printed.stdout.utf8))
        let set = try Self.kubectl(
            kubeconfig: alice,
            [
                "config", "set-credentials", "kubeledger", "--client-certificate", certs.clientCertificate,
                "--client-key", certs.clientKey, "--embed-certs=true",
            ])
        try #require(set.status == 0, "\(set.stderr)")
        let served = try Self.kubectl(kubeconfig: alice, ["get", "pods", "-A"])
        #expect(served.status == 0 && served.stdout.contains("web-a"), "\(served.stderr)")

        // A client certificate signed by another CA: refused.
        let mallory = dir.file("mallory.yaml")
        _ = FileManager.default.createFile(atPath: mallory, contents: Data(printed.stdout.utf8))
        _ = try Self.kubectl(
            kubeconfig: mallory,
            [
                "config", "set-credentials", "kubeledger", "--client-certificate", certs.rogueCertificate,
                "--client-key", certs.rogueKey, "--embed-certs=true",
            ])
        let rogue = try Self.kubectl(kubeconfig: mallory, ["get", "pods", "-A"])
        #expect(rogue.status != 0 && rogue.stderr.contains("tls: unknown certificate authority"), "\(rogue.stderr)")
        #expect(!rogue.stdout.contains("web-a"))

        // Plain curl: no certificate, no answer (the handshake fails, so no HTTP status at all).
        let url = server.url + "/api/v1/pods"
        let plain = try TestCertificates.curl(["--cacert", certs.caCertificate, url])
        #expect(plain.exit != 0 && plain.http == "000", "\(plain)")
        let withCert = try TestCertificates.curl([
            "--cacert", certs.caCertificate, "--cert", certs.clientCertificate, "--key", certs.clientKey, url,
        ])
        #expect(withCert.http == "200" && withCert.body.contains("web-a"), "\(withCert)")
    }

    @Test func `with a client CA and tokens, either a client certificate or a known token authenticates`() throws {
        try storeWithOnePod()
        let certs = try TestCertificates(in: dir.file("pki"))
        _ = FileManager.default.createFile(atPath: dir.file("token"), contents: Data("t0ken\n".utf8))
        _ = FileManager.default.createFile(
            atPath: dir.file("tokens.csv"), contents: Data("csv-token,bob,1001,\"viewers,ops\"\n\n".utf8))
        let server = try ServeRunner(
            store: dir.file("store"),
            extra: [
                "--tls-cert-file", certs.serverChain, "--tls-private-key-file", certs.serverKey,
                "--client-ca-file", certs.caCertificate, "--token-file", dir.file("token"),
                "--token-auth-file", dir.file("tokens.csv"),
            ], scheme: "https")
        defer { server.stop() }
        let url = server.url + "/api/v1/pods"
        let ca = ["--cacert", certs.caCertificate]
        let cert = try TestCertificates.curl(ca + ["--cert", certs.clientCertificate, "--key", certs.clientKey, url])
        #expect(cert.http == "200" && cert.body.contains("web-a"), "\(cert)")
        for token in ["t0ken", "csv-token"] {
            let r = try TestCertificates.curl(ca + ["-H", "Authorization: Bearer \(token)", url])
            #expect(r.http == "200" && r.body.contains("web-a"), "\(token): \(r)")
        }
        let none = try TestCertificates.curl(ca + [url])
        #expect(none.http == "401" && none.body.contains("Unauthorized") && !none.body.contains("web-a"))
        let wrong = try TestCertificates.curl(ca + ["-H", "Authorization: Bearer t0kem", url])
        #expect(wrong.http == "401")
        // A certificate it presents must still be signed by the client CA, token or not.
        let rogue = try TestCertificates.curl(
            ca + ["--cert", certs.rogueCertificate, "--key", certs.rogueKey, "-H", "Authorization: Bearer t0ken", url])
        #expect(rogue.http == "000", "\(rogue)")
        // kubectl with the CA and a token from the static token file.
        let k = try ServeRunner.kubectl(
            ["--certificate-authority", certs.caCertificate, "--token", "csv-token", "get", "pods", "-A"],
            server: server.url)
        #expect(k.status == 0 && k.stdout.contains("web-a"), "\(k.stderr)")
    }

    @Test func `bad TLS flags are one-line usage errors naming the flag and file`() throws {
        let certs = try TestCertificates(in: dir.file("pki"))
        let tls = ["--tls-cert-file", certs.serverChain, "--tls-private-key-file", certs.serverKey]
        let offLoopback = try cli.run(["serve", "--listen", "0.0.0.0:0"] + tls)
        #expect(offLoopback.status == 2 && offLoopback.stderr.contains("needs TLS"), "\(offLoopback.stderr)")
        #expect(offLoopback.stderr.contains("client authentication"))
        let caAlone = try cli.run(["serve", "--listen", "127.0.0.1:0", "--client-ca-file", certs.caCertificate])
        #expect(caAlone.status == 2 && caAlone.stderr.contains("--client-ca-file needs --tls-cert-file"))
        let keyAlone = try cli.run(["serve", "--listen", "127.0.0.1:0", "--tls-private-key-file", certs.serverKey])
        #expect(keyAlone.status == 2 && keyAlone.stderr.contains("go together"), "\(keyAlone.stderr)")
        let badCA = try cli.run(
            ["serve", "--listen", "127.0.0.1:0", "--client-ca-file", certs.serverKey] + tls)
        #expect(badCA.status == 2 && badCA.stderr.contains("--client-ca-file \(certs.serverKey)"), "\(badCA.stderr)")
        _ = FileManager.default.createFile(atPath: dir.file("bad.csv"), contents: Data("only-a-token\n".utf8))
        let badCSV = try cli.run(
            ["serve", "--listen", "127.0.0.1:0", "--token-auth-file", dir.file("bad.csv")])
        #expect(badCSV.status == 2 && badCSV.stderr.contains("bad.csv:1:"), "\(badCSV.stderr)")
        for r in [offLoopback, caAlone, keyAlone, badCA, badCSV] {
            #expect(r.stderr.split(separator: "\n").count <= 2, "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("store")))
    }
}
