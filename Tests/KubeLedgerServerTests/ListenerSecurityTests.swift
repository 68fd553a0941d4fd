import Foundation
import KubeLedgerTLS
import LedgerTestSupport
import Testing

/// The listener security settings shared by `serve` and the audit webhook: flag combinations, and
/// the files read at start (tokens, static token files, the CA data a kubeconfig carries). The
/// TLS handshake itself is checked end to end (ServeTLSEndToEndTests, RecordWebhookTLSTests).
@Suite struct ListenerSecurityTests {
    let dir = TemporaryDirectory()

    func write(_ name: String, _ text: String) -> String {
        _ = FileManager.default.createFile(atPath: dir.file(name), contents: Data(text.utf8))
        return dir.file(name)
    }

    @Test func `flag combinations: pairs, a CA needs TLS, off loopback needs TLS and authentication`() {
        var s = ListenerSecurity()
        #expect(s.usageProblem(host: "127.0.0.1") == nil)
        #expect(s.usageProblem(host: "::1") == nil)
        #expect(s.usageProblem(host: "0.0.0.0")?.contains("not loopback") == true)
        s.certificateFile = "c"
        #expect(s.usageProblem(host: "127.0.0.1") == "--tls-cert-file and --tls-private-key-file go together")
        s.privateKeyFile = "k"
        #expect(s.usageProblem(host: "10.0.0.1")?.contains("client authentication") == true)
        s.clientCAFile = "ca"
        #expect(s.usageProblem(host: "10.0.0.1") == nil)
        s.clientCAFile = nil
        s.tokenAuthFile = "t.csv"
        #expect(s.usageProblem(host: "10.0.0.1") == nil)
        var webhook = ListenerSecurity(flagPrefix: "audit-webhook-")
        webhook.clientCAFile = "ca"
        #expect(
            webhook.usageProblem(host: "127.0.0.1")
                == "--audit-webhook-client-ca-file needs --audit-webhook-tls-cert-file and"
                + " --audit-webhook-tls-private-key-file")
    }

    @Test func `token files: trimmed, not empty; static token files need token, user and uid`() throws {
        var s = ListenerSecurity()
        s.tokenFile = write("token", "  s3cret\n")
        s.tokenAuthFile = write("tokens.csv", "a,alice,1\n\nb,bob,2,\"dev,ops\"\n")
        _ = try s.load()
        s.tokenFile = write("empty", "\n")
        #expect(throws: ListenerSecurityError.emptyTokenFile(flag: "--token-file", file: dir.file("empty"))) {
            try s.load()
        }
        s.tokenFile = nil
        s.tokenAuthFile = write("bad.csv", "a,alice,1\nb,bob\n")
        do {
            _ = try s.load()
            Issue.record("a line with two columns was accepted")
        } catch {
            #expect(
                "\(error)" == "--token-auth-file \(dir.file("bad.csv")):2: expected token,user,uid[,\"group1,group2\"]"
                    + " (at least 3 columns, token and user set)")
        }
        s.tokenAuthFile = dir.file("missing.csv")
        let missing = ListenerSecurityError.badFile(
            flag: "--token-auth-file", file: dir.file("missing.csv"), reason: "cannot be read")
        #expect(throws: missing) { try s.load() }
    }

    @Test func `certificate-authority-data is the last certificate of the serving chain`() throws {
        let leaf = "-----BEGIN CERTIFICATE-----\nTEFBRg==\n-----END CERTIFICATE-----\n"
        let root = "-----BEGIN CERTIFICATE-----\nUk9PVA==\n-----END CERTIFICATE-----\n"
        var s = ListenerSecurity()
        #expect(try s.certificateAuthorityData() == nil)
        s.certificateFile = write("chain.crt", leaf + root)
        #expect(try s.certificateAuthorityData() == Data(root.utf8).base64EncodedString())
        s.certificateFile = write("leaf.crt", leaf)
        #expect(try s.certificateAuthorityData() == Data(leaf.utf8).base64EncodedString())
        s.certificateFile = write("none.crt", "not a certificate")
        #expect(throws: ListenerSecurityError.self) { try s.certificateAuthorityData() }
    }

    @Test func `a certificate file that is not PEM is named with its flag`() {
        var s = ListenerSecurity(flagPrefix: "audit-webhook-")
        s.certificateFile = write("c.crt", "garbage")
        s.privateKeyFile = write("k.key", "garbage")
        do {
            _ = try s.load()
            Issue.record("garbage was accepted as a certificate")
        } catch {
            #expect("\(error)".hasPrefix("--audit-webhook-tls-cert-file \(dir.file("c.crt")): "), "\(error)")
        }
    }
}
