import Foundation

/// The bearer token to send, from a fixed token, a token file (re-read when it changes) or an
/// exec credential plugin (run again one second before its token expires, or when the server
/// answers 401).
actor CredentialSource {
    private let connection: ClusterConnection
    private var cached: (token: String, expiry: Date?)?
    /// How many times the exec plugin ran (for logs and tests).
    private(set) var pluginRuns = 0

    init(_ connection: ClusterConnection) {
        self.connection = connection
    }

    /// The `Authorization` header value, or `nil` when the user has no token.
    func authorization() throws(RecorderError) -> String? {
        if let exec = connection.exec {
            if let c = cached, c.expiry.map({ $0.timeIntervalSinceNow > 1 }) ?? true { return "Bearer \(c.token)" }
            let fresh = try run(exec)
            cached = fresh
            return "Bearer \(fresh.token)"
        }
        if let file = connection.tokenFile {
            // Re-read each time: the kubelet rotates the projected token in place.
            guard let d = FileManager.default.contents(atPath: file) else {
                throw .kubeconfig(file: file, field: "tokenFile", message: "cannot read the token file")
            }
            return "Bearer " + String(decoding: d, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return connection.token.map { "Bearer \($0)" }
    }

    /// Forgets a plugin token the server refused.
    func invalidate() {
        cached = nil
    }

    private func run(_ exec: ExecCredentialConfig) throws(RecorderError) -> (token: String, expiry: Date?) {
        pluginRuns += 1
        let p = Process()
        if exec.command.hasPrefix("/") {
            p.executableURL = URL(fileURLWithPath: exec.command)
            p.arguments = exec.args
        } else {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [exec.command] + exec.args
        }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in exec.env { env[k] = v }
        env["KUBERNETES_EXEC_INFO"] =
            #"{"apiVersion":"\#(exec.apiVersion)","kind":"ExecCredential","spec":{"interactive":false}}"#
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.standardError
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { throw .credentialPlugin(command: exec.command, message: "cannot run: \(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw .credentialPlugin(command: exec.command, message: "exited with status \(p.terminationStatus)")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let status = json["status"] as? [String: Any], let token = status["token"] as? String, !token.isEmpty
        else {
            throw .credentialPlugin(command: exec.command, message: "printed no ExecCredential with status.token")
        }
        let expiry = (status["expirationTimestamp"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
        return (token, expiry)
    }
}
