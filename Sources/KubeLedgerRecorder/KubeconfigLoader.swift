public import Foundation
import Yams

/// Reads a kubeconfig as kubectl does: `--kubeconfig`, else the first file of `KUBECONFIG`, else
/// `~/.kube/config`; `--context` or `current-context`. Relative file paths are taken from the
/// kubeconfig's folder.
public struct KubeconfigLoader: Sendable {
    public init() {}

    /// The file kubectl would read.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let k = environment["KUBECONFIG"], let first = k.split(separator: ":").first { return String(first) }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.kube/config"
    }

    /// The connection of `context` (nil: `current-context`) in the kubeconfig at `path`.
    ///
    /// - Throws: ``RecorderError/kubeconfig(file:field:message:)``.
    public func load(path: String, context: String?) throws(RecorderError) -> ClusterConnection {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .kubeconfig(file: path, field: "-", message: "cannot read the file")
        }
        let root: [String: Any]
        do {
            guard let r = try Yams.load(yaml: String(decoding: data, as: UTF8.self)) as? [String: Any] else {
                throw RecorderError.kubeconfig(file: path, field: "-", message: "not a YAML mapping")
            }
            root = r
        } catch let e as RecorderError {
            throw e
        } catch {
            throw .kubeconfig(file: path, field: "-", message: "not YAML: \(error)")
        }
        let dir = (path as NSString).deletingLastPathComponent
        func named(_ list: String, _ name: String, _ inner: String) throws(RecorderError) -> [String: Any] {
            let entries = root[list] as? [[String: Any]] ?? []
            guard let e = entries.first(where: { $0["name"] as? String == name }) else {
                throw .kubeconfig(file: path, field: list, message: "no entry named \(name)")
            }
            return e[inner] as? [String: Any] ?? [:]
        }
        guard let contextName = context ?? root["current-context"] as? String, !contextName.isEmpty else {
            throw .kubeconfig(file: path, field: "current-context", message: "not set; pass --context")
        }
        let ctx = try named("contexts", contextName, "context")
        guard let clusterName = ctx["cluster"] as? String else {
            throw .kubeconfig(file: path, field: "contexts[\(contextName)].cluster", message: "missing")
        }
        let cluster = try named("clusters", clusterName, "cluster")
        guard let server = cluster["server"] as? String, !server.isEmpty else {
            throw .kubeconfig(file: path, field: "clusters[\(clusterName)].server", message: "missing")
        }
        var c = ClusterConnection(server: server.hasSuffix("/") ? String(server.dropLast()) : server)
        func bytes(_ m: [String: Any], _ field: String, _ where_: String) throws(RecorderError) -> [UInt8]? {
            if let d = m[field + "-data"] as? String {
                guard let b = Data(base64Encoded: d) else {
                    throw .kubeconfig(file: path, field: "\(where_).\(field)-data", message: "not base64")
                }
                return Array(b)
            }
            if let f = m[field] as? String {
                let full = f.hasPrefix("/") ? f : dir + "/" + f
                guard let b = FileManager.default.contents(atPath: full) else {
                    throw .kubeconfig(file: path, field: "\(where_).\(field)", message: "cannot read \(full)")
                }
                return Array(b)
            }
            return nil
        }
        c.certificateAuthority = try bytes(cluster, "certificate-authority", "clusters[\(clusterName)]")
        c.insecure = cluster["insecure-skip-tls-verify"] as? Bool ?? false
        if let userName = ctx["user"] as? String {
            let user = try named("users", userName, "user")
            let at = "users[\(userName)]"
            c.clientCertificate = try bytes(user, "client-certificate", at)
            c.clientKey = try bytes(user, "client-key", at)
            c.token = user["token"] as? String
            if let f = user["tokenFile"] as? String { c.tokenFile = f.hasPrefix("/") ? f : dir + "/" + f }
            if let exec = user["exec"] as? [String: Any] {
                guard let command = exec["command"] as? String else {
                    throw .kubeconfig(file: path, field: "\(at).exec.command", message: "missing")
                }
                var env: [String: String] = [:]
                for e in exec["env"] as? [[String: Any]] ?? [] {
                    if let n = e["name"] as? String { env[n] = e["value"] as? String ?? "" }
                }
                let apiVersion = exec["apiVersion"] as? String ?? "client.authentication.k8s.io/v1"
                guard apiVersion.hasPrefix("client.authentication.k8s.io/") else {
                    throw .kubeconfig(file: path, field: "\(at).exec.apiVersion", message: "unsupported \(apiVersion)")
                }
                let resolved = command.contains("/") && !command.hasPrefix("/") ? dir + "/" + command : command
                c.exec = ExecCredentialConfig(
                    apiVersion: apiVersion, command: resolved, args: exec["args"] as? [String] ?? [], env: env)
            }
        }
        return c
    }
}
