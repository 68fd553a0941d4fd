public import Foundation

/// A `kubeledger serve` process on a free loopback port, for end-to-end tests with real clients.
public final class ServeRunner: @unchecked Sendable {
    // The process is started in init and terminated in stop(); nothing else mutates it.
    private let process = Process()
    private let errors = Pipe()
    /// `http://127.0.0.1:PORT` (`https` when the server was given a certificate).
    public let url: String

    /// Starts `kubeledger serve --listen 127.0.0.1:0 --store store extra…` and waits until it listens.
    public init(store: String, extra: [String] = [], scheme: String = "http") throws {
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--store", store] + extra
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let data = errors.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
            if let range = seen.range(of: "on \(scheme)://127.0.0.1:") {
                let port = seen[range.upperBound...].prefix { $0.isNumber }
                if !port.isEmpty, seen[range.upperBound...].contains("\n") {
                    url = "\(scheme)://127.0.0.1:" + port
                    return
                }
            }
        }
        process.terminate()
        throw ServeError(message: "kubeledger serve did not start: \(seen)")
    }

    /// Stops the server.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// A server that did not start.
    public struct ServeError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// kubectl 1.32 itself (beside the version dispatcher on these machines), else `kubectl`.
    public static var kubectlBinary: String {
        let pinned = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32"
        return FileManager.default.isExecutableFile(atPath: pinned) ? pinned : "/usr/bin/kubectl"
    }

    /// No kubeconfig, and a discovery cache of this process's own (kubectl caches discovery per
    /// server URL for hours).
    public static let kubectlEnvironment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = "/dev/null"
        env["KUBECACHEDIR"] = NSTemporaryDirectory() + "/kubeledger-kubectl-cache-" + UUID().uuidString
        return env
    }()

    /// Reads a pipe on a thread of its own, so a test can look at what arrived so far without
    /// blocking.
    public final class PipeReader: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()

        public init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread { [self] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { return }
                    lock.lock()
                    data.append(chunk)
                    lock.unlock()
                }
            }
        }

        /// Everything read so far.
        public var text: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: data, as: UTF8.self)
        }

        /// Waits up to `seconds` for `needle` to appear; returns whether it did.
        public func wait(for needle: String, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if text.contains(needle) { return true }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return text.contains(needle)
        }
    }

    /// Runs kubectl against `server` (no kubeconfig), with a timeout in seconds.
    public static func kubectl(_ args: [String], server: String, timeout: Double = 30) throws -> CLIRunner.Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: kubectlBinary)
        p.arguments = ["--server", server] + args
        p.environment = kubectlEnvironment
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let killer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let output = CLIRunner.collect(p, out: out, err: err)
        killer.cancel()
        return output
    }
}
