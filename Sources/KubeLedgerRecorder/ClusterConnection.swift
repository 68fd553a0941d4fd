public import Foundation

/// How to reach one API server: what a kubeconfig context (or the in-cluster service account)
/// resolves to.
public struct ClusterConnection: Sendable {
    /// `https://host:port` (or `http://` for a local `kubeledger serve`), with any path prefix.
    public var server: String
    /// PEM bytes of the CA bundle to trust; `nil`: the system's roots.
    public var certificateAuthority: [UInt8]?
    /// Skip TLS verification (`insecure-skip-tls-verify`).
    public var insecure = false
    /// PEM client certificate and key.
    public var clientCertificate: [UInt8]?
    public var clientKey: [UInt8]?
    /// A fixed bearer token.
    public var token: String?
    /// A token file re-read when it changes (the in-cluster service account's rotates).
    public var tokenFile: String?
    /// An exec credential plugin.
    public var exec: ExecCredentialConfig?

    public init(server: String) {
        self.server = server
    }

    /// The in-cluster service account: `KUBERNETES_SERVICE_HOST`/`_PORT`, the token file and CA
    /// under `/var/run/secrets/kubernetes.io/serviceaccount`; `nil` outside a pod.
    public static func inCluster(environment: [String: String] = ProcessInfo.processInfo.environment) -> Self? {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], let port = environment["KUBERNETES_SERVICE_PORT"]
        else { return nil }
        let dir = "/var/run/secrets/kubernetes.io/serviceaccount"
        guard FileManager.default.fileExists(atPath: dir + "/token") else { return nil }
        let h = host.contains(":") ? "[\(host)]" : host
        var c = ClusterConnection(server: "https://\(h):\(port)")
        c.tokenFile = dir + "/token"
        c.certificateAuthority = FileManager.default.contents(atPath: dir + "/ca.crt").map { Array($0) }
        return c
    }
}
