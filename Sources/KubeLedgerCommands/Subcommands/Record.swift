import ArgumentParser
import Dispatch
import Foundation
import KubeLedgerRecorder
import KubeLedgerTLS
import Ledger
import Logging

extension KubeLedgerCommand {
    /// `kubeledger record`: list and watch a cluster into the store, resuming after any crash.
    struct Record: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a live cluster: list, then watch, resuming without gap or duplicate.",
            discussion: """
                Connects as kubectl does (--kubeconfig, $KUBECONFIG, ~/.kube/config, or the in-cluster service \
                account). Each resource's last resourceVersion is committed with its events, so a restart resumes \
                exactly where the store stopped. SIGTERM commits what is queued and exits 0. See docs/record.md.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else in-cluster).")
        var kubeconfig: String?

        @Option(help: "The kubeconfig context (default: current-context).")
        var context: String?

        @Option(help: "Resources to record, comma-separated (default: pods, workloads, PVCs, PVs, nodes, …).")
        var resources: String?

        @Flag(help: "Record every resource the server lists and watches (custom resources too; Secrets only if named).")
        var all = false

        @Option(
            name: .customLong("rediscover-interval"),
            help: ArgumentHelp(
                "With --all: seconds between discoveries of new resources (also run when a CRD is recorded).",
                valueName: "SECONDS"))
        var rediscoverInterval = 60

        @Flag(
            name: .customLong("no-watch-list"),
            help: "Always LIST then WATCH, even where the server supports WatchList (sendInitialEvents).")
        var noWatchList = false

        @Option(help: "Secrets: 'digest' (values as SHA-256 digests, the default) or 'full'.")
        var secrets = "digest"

        @Option(help: "A JSONPath (.a.b, [*] for every element) to mask in every object; repeatable.")
        var redact: [String] = []

        @Option(
            name: .customLong("watch-timeout"),
            help: ArgumentHelp("Seconds each watch request lasts before it is renewed.", valueName: "SECONDS"))
        var watchTimeout = 300

        @Option(
            name: .customLong("metrics-listen"),
            help: ArgumentHelp("Serve /healthz, /readyz and /metrics on ADDRESS:PORT.", valueName: "ADDRESS:PORT"))
        var metricsListen: String?

        @Option(
            name: .customLong("audit-webhook-listen"),
            help: ArgumentHelp(
                "Accept the kube-apiserver's audit webhook (audit.k8s.io/v1 EventList) on ADDRESS:PORT.",
                valueName: "ADDRESS:PORT"))
        var auditWebhookListen: String?

        @Option(
            name: .customLong("audit-webhook-tls-cert-file"),
            help: "The audit webhook's serving certificate (PEM): serve HTTPS. Required off loopback.")
        var auditWebhookTLSCert: String?

        @Option(
            name: .customLong("audit-webhook-tls-private-key-file"),
            help: "The audit webhook's private key (PEM).")
        var auditWebhookTLSKey: String?

        @Option(
            name: .customLong("audit-webhook-client-ca-file"),
            help: ArgumentHelp(
                "A CA bundle (PEM): the apiserver's client certificate (client-certificate in its webhook "
                    + "kubeconfig) must be signed by it."))
        var auditWebhookClientCA: String?

        @Option(
            name: .customLong("audit-webhook-token-file"),
            help: "A file holding a bearer token the apiserver's webhook kubeconfig sends (token in its user).")
        var auditWebhookTokenFile: String?

        @Option(
            name: .customLong("audit-webhook-token-auth-file"),
            help: "kube-apiserver's static token file (CSV: token,user,uid[,\"groups\"]) for the audit webhook.")
        var auditWebhookTokenAuthFile: String?

        @Option(name: .customLong("log-level"), help: "trace, debug, info, warning or error.")
        var logLevel = "info"

        func validate() throws {
            guard ["digest", "full"].contains(secrets) else {
                throw ValidationError("--secrets '\(secrets)': use digest or full")
            }
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level '\(logLevel)': use trace, debug, info, warning or error")
            }
            guard watchTimeout > 0 else { throw ValidationError("--watch-timeout must be positive") }
            guard rediscoverInterval > 0 else { throw ValidationError("--rediscover-interval must be positive") }
            for (name, value) in [("--metrics-listen", metricsListen), ("--audit-webhook-listen", auditWebhookListen)] {
                if let value, Serve.split(value) == nil {
                    throw ValidationError("\(name) '\(value)': use ADDRESS:PORT, e.g. 127.0.0.1:9181")
                }
            }
            if auditWebhookListen == nil, webhookSecurity.servesTLS || webhookSecurity.authenticatesClients {
                throw ValidationError("the --audit-webhook-* TLS and token options need --audit-webhook-listen")
            }
        }

        func execute() throws {
            let chosen: [RecordedResource]
            let filter: BodyFilter
            do {
                chosen =
                    try resources.map { list in
                        try list.split(separator: ",").map { try RecordedResource.resolve(String($0)) }
                    } ?? (all ? [] : RecordedResource.defaults)
                filter = try BodyFilter(fullSecrets: secrets == "full", redact: redact)
            } catch {
                throw CommandFailure(.usage, "record: \(error)")
            }
            // The webhook's TLS and tokens are checked before the store is created.
            if let (host, _) = auditWebhookListen.flatMap(Serve.split) {
                if let problem = webhookSecurity.usageProblem(host: host) {
                    throw CommandFailure(.usage, "record: \(problem)")
                }
                do { _ = try webhookSecurity.load() } catch { throw CommandFailure(.usage, "record: \(error)") }
            }
            let connection = try resolveConnection()
            let ledger = try global.openLedger(create: true)
            var logger = Logger(label: "kubeledger.record") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            var recorder = Recorder(connection: connection, resources: chosen, filter: filter)
            recorder.watchTimeout = watchTimeout
            recorder.discoverAll = all
            recorder.rediscoveryInterval = .seconds(rediscoverInterval)
            recorder.useWatchList = !noWatchList
            recorder.storePath = global.storePath
            recorder.operationsListen = metricsListen.flatMap(Serve.split)
            recorder.webhookListen = auditWebhookListen.flatMap(Serve.split)
            recorder.webhookSecurity = webhookSecurity
            let outcome = RecordOutcome()
            let done = DispatchSemaphore(value: 0)
            let task = Task {
                do {
                    let stats = try await recorder.run(into: ledger, logger: logger) { what, port in
                        Terminal.note("record: \(what) listening on port \(port)")
                    }
                    outcome.set(.success(stats))
                } catch {
                    outcome.set(.failure(error))
                }
                done.signal()
            }
            // SIGTERM/SIGINT: cancel the recorder, which commits what is queued and returns.
            signal(SIGTERM, SIG_IGN)
            signal(SIGINT, SIG_IGN)
            let sources = [SIGTERM, SIGINT].map { sig in
                let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                s.setEventHandler { task.cancel() }
                s.resume()
                return s
            }
            done.wait()
            sources.forEach { $0.cancel() }
            switch outcome.result {
            case .success(let stats)?:
                Terminal.note(
                    "record: stopped; \(stats.eventsRecorded) events recorded in \(stats.commits) transactions,"
                        + " \(stats.relists) lists, \(stats.watchRestarts) watch restarts")
            case .failure(let error)?:
                if let e = error as? RecorderError { throw CommandFailure(.failure, "record: \(e)") }
                throw error
            case nil:
                return
            }
        }

        /// The audit webhook's TLS and client authentication from the flags.
        var webhookSecurity: ListenerSecurity {
            var security = ListenerSecurity(flagPrefix: "audit-webhook-")
            security.certificateFile = auditWebhookTLSCert
            security.privateKeyFile = auditWebhookTLSKey
            security.clientCAFile = auditWebhookClientCA
            security.tokenFile = auditWebhookTokenFile
            security.tokenAuthFile = auditWebhookTokenAuthFile
            return security
        }

        private func resolveConnection() throws -> ClusterConnection {
            let path = kubeconfig ?? KubeconfigLoader.defaultPath()
            if kubeconfig == nil, !FileManager.default.fileExists(atPath: path),
                let inCluster = ClusterConnection.inCluster()
            {
                return inCluster
            }
            do {
                return try KubeconfigLoader().load(path: path, context: context)
            } catch {
                throw CommandFailure(.usage, "record: \(error)")
            }
        }
    }
}

/// The recorder task's result, handed back to the waiting command.
private final class RecordOutcome: @unchecked Sendable {
    // Written once by the recorder task before the semaphore is signalled; read after the wait.
    private(set) var result: Result<RecorderStats, any Error>?

    func set(_ result: Result<RecorderStats, any Error>) { self.result = result }
}
