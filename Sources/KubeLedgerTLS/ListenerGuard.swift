public import Hummingbird
public import HummingbirdCore
import HummingbirdTLS
import NIOCore
public import NIOSSL

/// A listener's security, loaded and checked (``ListenerSecurity/load()``): the TLS configuration
/// of its server and the check every request passes.
public struct ListenerGuard: Sendable {
    /// The server's TLS configuration, `nil` for plain HTTP.
    public let tls: TLSConfiguration?
    /// `Bearer <token>` for each accepted token.
    let bearers: [[UInt8]]
    /// Whether client certificates signed by the client CA authenticate.
    let verifiesClientCertificates: Bool

    /// Plain HTTP, every request admitted.
    public static let open = ListenerGuard(tls: nil, bearers: [], verifiesClientCertificates: false)

    init(tls: TLSConfiguration?, bearers: [[UInt8]], verifiesClientCertificates: Bool) {
        self.tls = tls
        self.bearers = bearers
        self.verifiesClientCertificates = verifiesClientCertificates
    }

    init(security: ListenerSecurity, tokens: [String]) throws(ListenerSecurityError) {
        bearers = tokens.map { Array("Bearer \($0)".utf8) }
        verifiesClientCertificates = security.clientCAFile != nil
        guard let certificateFile = security.certificateFile, let keyFile = security.privateKeyFile else {
            tls = nil
            return
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw .badFile(flag: security.flag("tls-cert-file"), file: certificateFile, reason: "\(error)")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw .badFile(flag: security.flag("tls-private-key-file"), file: keyFile, reason: "\(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.applicationProtocols = ["http/1.1"]
        if let caFile = security.clientCAFile {
            let roots: [NIOSSLCertificate]
            do {
                roots = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw .badFile(flag: security.flag("client-ca-file"), file: caFile, reason: "\(error)")
            }
            guard !roots.isEmpty else {
                throw .badFile(flag: security.flag("client-ca-file"), file: caFile, reason: "no PEM certificate in it")
            }
            configuration.trustRoots = .certificates(roots)
            configuration.sendCANameList = true
            // With tokens too, a client may come without a certificate (and show a token); a
            // certificate it presents must still be signed by the CA. Without tokens, the
            // handshake refuses a client with no certificate.
            configuration.certificateVerification = tokens.isEmpty ? .noHostnameVerification : .optionalVerification
        }
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw .badFile(
                flag: security.flag("tls-cert-file"), file: certificateFile,
                reason: "does not go with \(security.flag("tls-private-key-file")) \(keyFile): \(error)")
        }
        tls = configuration
    }

    /// The HTTP/1.1 server, over TLS when configured.
    public func server() throws -> HTTPServerBuilder {
        guard let tls else { return .http1() }
        return try .tls(.http1(), tlsConfiguration: tls)
    }

    /// Whether a request may be answered: no authentication configured, a known bearer token, or
    /// a client certificate the handshake verified against the client CA.
    public func admits(_ request: Request, context: ChannelRequestContext) async -> Bool {
        if bearers.isEmpty { return true }  // open, or the handshake required a verified certificate
        let given = Array((request.headers[.authorization] ?? "").utf8)
        var known = false
        for bearer in bearers where Self.constantTimeEqual(given, bearer) { known = true }
        if known { return true }
        guard verifiesClientCertificates else { return false }
        // Optional verification: a certificate that is there was verified during the handshake.
        let certificate = try? await context.channel.nioSSL_peerCertificate().get()
        return certificate != nil
    }

    /// Compares two byte strings in time that depends only on their lengths.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
