import Foundation

/// How one of KubeLedger's HTTP listeners (`serve`, `record --audit-webhook-listen`) protects
/// itself, in kube-apiserver's terms: a serving certificate and key (HTTPS), a client CA (mutual
/// TLS: a client certificate signed by it authenticates), and bearer tokens (`--token-file` with
/// one token, `--token-auth-file` in kube-apiserver's CSV format).
///
/// Clients are authenticated as kube-apiserver does, by any one of the configured ways: a verified
/// client certificate or a known bearer token. With a client CA and no token, the TLS handshake
/// itself refuses a client without a certificate signed by that CA. A certificate presented but not
/// signed by the CA is always refused at the handshake.
///
/// ```swift
/// var security = ListenerSecurity()
/// security.certificateFile = "tls.crt"
/// security.privateKeyFile = "tls.key"
/// security.clientCAFile = "ca.crt"
/// if let problem = security.usageProblem(host: "0.0.0.0") { print(problem) }
/// let guardian = try security.load()   // files read and checked now
/// ```
public struct ListenerSecurity: Sendable, Hashable {
    /// The serving certificate chain (PEM): HTTPS when set.
    public var certificateFile: String?
    /// The serving certificate's private key (PEM).
    public var privateKeyFile: String?
    /// The CA bundle (PEM) client certificates must be signed by.
    public var clientCAFile: String?
    /// A file holding one bearer token.
    public var tokenFile: String?
    /// kube-apiserver's static token file: CSV lines `token,user,uid[,"group1,group2"]`.
    public var tokenAuthFile: String?
    /// Put before each flag name in messages (`""` for serve, `"audit-webhook-"` for record).
    public var flagPrefix: String

    /// Nothing configured: plain HTTP, every request admitted.
    public init(flagPrefix: String = "") {
        self.flagPrefix = flagPrefix
    }

    /// Whether the listener serves HTTPS.
    public var servesTLS: Bool { certificateFile != nil }

    /// Whether clients must authenticate (a client CA or a token).
    public var authenticatesClients: Bool { clientCAFile != nil || tokenFile != nil || tokenAuthFile != nil }

    /// `--<prefix>name`, as the command spells the flag.
    public func flag(_ name: String) -> String { "--\(flagPrefix)\(name)" }

    /// A one-line reason why these settings cannot serve on `host`, or `nil` when they can.
    ///
    /// The certificate and key go together; a client CA needs TLS; any address but loopback needs
    /// TLS and client authentication, so no token or object travels in clear text to anyone.
    public func usageProblem(host: String) -> String? {
        let cert = flag("tls-cert-file")
        let key = flag("tls-private-key-file")
        if (certificateFile == nil) != (privateKeyFile == nil) { return "\(cert) and \(key) go together" }
        if clientCAFile != nil, !servesTLS { return "\(flag("client-ca-file")) needs \(cert) and \(key)" }
        if !Self.isLoopback(host), !servesTLS || !authenticatesClients {
            return "listening on \(host) (not loopback) needs TLS (\(cert), \(key)) and client authentication"
                + " (\(flag("client-ca-file")), \(flag("token-file")) or \(flag("token-auth-file")))"
        }
        return nil
    }

    /// Whether `host` is a loopback address (`127.0.0.0/8`, `::1`, `localhost`).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Reads and checks every file now, so a bad certificate, key, CA or token file fails at
    /// start with a message naming its flag and file, not at the first connection.
    ///
    /// - Throws: ``ListenerSecurityError``.
    public func load() throws(ListenerSecurityError) -> ListenerGuard {
        var tokens: [String] = []
        if let tokenFile {
            let token = try Self.read(tokenFile, flag: flag("token-file"))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw .emptyTokenFile(flag: flag("token-file"), file: tokenFile) }
            tokens.append(token)
        }
        if let tokenAuthFile {
            let text = try Self.read(tokenAuthFile, flag: flag("token-auth-file"))
            tokens += try Self.tokens(inTokenAuthFile: text, file: tokenAuthFile, flag: flag("token-auth-file"))
        }
        return try ListenerGuard(security: self, tokens: tokens)
    }

    /// `certificate-authority-data` for a kubeconfig pointing at this listener: the base64 of the
    /// last certificate of the serving chain (its root when the chain carries one; the certificate
    /// itself when self-signed or alone, which Go clients such as kubectl trust directly).
    ///
    /// - Throws: ``ListenerSecurityError`` when the file cannot be read or holds no certificate.
    public func certificateAuthorityData() throws(ListenerSecurityError) -> String? {
        guard let certificateFile else { return nil }
        let text = try Self.read(certificateFile, flag: flag("tls-cert-file"))
        let begin = "-----BEGIN CERTIFICATE-----"
        let end = "-----END CERTIFICATE-----"
        guard let start = text.range(of: begin, options: .backwards),
            let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
        else {
            throw .badFile(flag: flag("tls-cert-file"), file: certificateFile, reason: "no PEM certificate in it")
        }
        let pem = String(text[start.lowerBound..<stop.upperBound]) + "\n"
        return Data(pem.utf8).base64EncodedString()
    }

    /// The tokens of a kube-apiserver static token file (`token,user,uid[,groups]`; blank lines
    /// skipped).
    static func tokens(inTokenAuthFile text: String, file: String, flag: String) throws(ListenerSecurityError)
        -> [String]
    {
        var out: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let columns = trimmed.split(separator: ",", omittingEmptySubsequences: false)
            guard columns.count >= 3, !columns[0].isEmpty, !columns[1].isEmpty else {
                throw .badTokenAuthLine(
                    flag: flag, file: file, line: index + 1,
                    reason: "expected token,user,uid[,\"group1,group2\"] (at least 3 columns, token and user set)")
            }
            out.append(String(columns[0]))
        }
        guard !out.isEmpty else { throw .emptyTokenFile(flag: flag, file: file) }
        return out
    }

    static func read(_ file: String, flag: String) throws(ListenerSecurityError) -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .badFile(flag: flag, file: file, reason: "cannot be read")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
