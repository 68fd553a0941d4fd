import ArgumentParser
import Dispatch
import KubeLedger
import KubeLedgerServer
import KubeLedgerTLS
import Ledger

#if canImport(Glibc)
import Glibc
#endif

extension KubeLedgerCommand {
    /// `kubeledger serve`: the Kubernetes API over history, read-only.
    struct Serve: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the Kubernetes API over history, read-only, for kubectl, k9s and other clients.",
            discussion: """
                Points in history by path prefix: /at/<REVISION or RFC 3339 time>/… (a fixed point), no prefix \
                (the latest state, live: watches stream events as they are recorded), /replay/<FROM>[/x<SPEED>]/… \
                (watches replay the recorded events after FROM). Example:
                  kubeledger serve &
                  kubectl --server http://127.0.0.1:8181/at/2026-11-26T14:03:00Z get pods -A
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "The address and port to listen on.")
        var listen = "127.0.0.1:8181"

        @Option(
            name: [.customLong("tls-cert-file"), .customLong("tls-cert")],
            help: "The serving certificate chain (PEM): serve HTTPS. Required off loopback.")
        var tlsCert: String?

        @Option(
            name: [.customLong("tls-private-key-file"), .customLong("tls-key")],
            help: "The serving certificate's private key (PEM).")
        var tlsKey: String?

        @Option(
            name: .customLong("client-ca-file"),
            help: ArgumentHelp(
                "A CA bundle (PEM): a client certificate signed by it authenticates; without a token option, "
                    + "a client without one is refused at the TLS handshake."))
        var clientCAFile: String?

        @Option(name: .customLong("token-file"), help: "A file holding a bearer token that authenticates a client.")
        var tokenFile: String?

        @Option(
            name: .customLong("token-auth-file"),
            help: "kube-apiserver's static token file (CSV: token,user,uid[,\"groups\"]): each token authenticates.")
        var tokenAuthFile: String?

        @Option(
            name: .customLong("compact-before"),
            help: ArgumentHelp(
                "Test option: answer resourceVersions older than REV with 410 Expired, as a compacted etcd.",
                valueName: "REV"))
        var compactBefore: UInt64 = 0

        @Flag(name: .customLong("print-kubeconfig"), help: "Print a kubeconfig with a context per point and exit.")
        var printKubeconfig = false

        @Option(help: "With --print-kubeconfig: a point (revision or time) to add a context for; repeatable.")
        var at: [String] = []

        func validate() throws {
            guard Self.split(listen) != nil else {
                throw ValidationError("--listen '\(listen)': use ADDRESS:PORT, e.g. 127.0.0.1:8181")
            }
            for point in at where PointInHistory(point) == nil {
                throw ValidationError("--at '\(point)': use a revision number or an RFC 3339 time")
            }
        }

        /// `ADDRESS:PORT` split at the last colon.
        static func split(_ text: String) -> (host: String, port: Int)? {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                (0...65535).contains(port)
            else { return nil }
            var host = String(text[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            return host.isEmpty ? nil : (host, port)
        }

        /// The listener's TLS and client authentication from the flags.
        var security: ListenerSecurity {
            var security = ListenerSecurity()
            security.certificateFile = tlsCert
            security.privateKeyFile = tlsKey
            security.clientCAFile = clientCAFile
            security.tokenFile = tokenFile
            security.tokenAuthFile = tokenAuthFile
            return security
        }

        func execute() throws {
            let (host, port) = Self.split(listen)!
            let security = self.security
            if printKubeconfig {
                // The server's certificate for `certificate-authority-data` when it serves HTTPS.
                let scheme = security.servesTLS ? "https" : "http"
                let ca: String?
                do { ca = try security.certificateAuthorityData() } catch {
                    throw CommandFailure(.usage, "serve: \(error)")
                }
                Terminal.print(Kubeconfig.text(server: "\(scheme)://\(listen)", points: at, certificateAuthority: ca))
                return
            }
            if let problem = security.usageProblem(host: host) { throw CommandFailure(.usage, "serve: \(problem)") }
            var configuration = HistoryServer.Configuration()
            configuration.host = host
            configuration.port = port
            configuration.compactedBefore = compactBefore
            configuration.security = security
            do {
                _ = try security.load()
            } catch {
                throw CommandFailure(.usage, "serve: \(error)")
            }
            let storePath = global.storePath
            let scheme = security.servesTLS ? "https" : "http"
            let server = try HistoryServer(storePath: storePath, configuration: configuration)
            let outcome = ServeOutcome()
            let done = DispatchSemaphore(value: 0)
            Task {
                do {
                    try await server.run { port in
                        Terminal.note("serving the Kubernetes API over \(storePath) on \(scheme)://\(host):\(port)")
                    }
                } catch {
                    outcome.set(error)
                }
                done.signal()
            }
            done.wait()
            if let error = outcome.error { throw error }
        }
    }
}

/// The error a server task ended with, handed back to the waiting command.
private final class ServeOutcome: @unchecked Sendable {
    // Written once by the server task before the semaphore is signalled; read after the wait.
    private(set) var error: (any Error)?

    func set(_ error: any Error) { self.error = error }
}

extension String {
    /// Without leading and trailing characters of `set`.
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
