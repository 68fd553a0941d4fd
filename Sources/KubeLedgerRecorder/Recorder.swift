import HummingbirdCore
public import KubeLedgerTLS
public import Ledger
public import Logging
import ServiceLifecycle

/// `kubeledger record`: lists and watches the chosen resources of one cluster into a ledger
/// until cancelled, then commits what is queued and returns.
///
/// On start each resource resumes from its cursor in the store (the last resourceVersion
/// committed with its events); a resource without one is listed and reconciled first.
public struct Recorder: Sendable {
    /// The cluster.
    public var connection: ClusterConnection
    /// What to record.
    public var resources: [RecordedResource]
    /// Secret digests and redactions.
    public var filter: BodyFilter
    /// Events per transaction at most (a transaction is also committed every ``flushInterval``).
    public var maxBatch = 1_000
    public var flushInterval: Duration = .milliseconds(100)
    /// Seconds each watch request asks the server to hold the stream.
    public var watchTimeout = 300
    /// Where `/healthz`, `/readyz` and `/metrics` listen (host, port), if anywhere.
    public var operationsListen: (host: String, port: Int)?
    /// Where the audit webhook listens, if anywhere.
    public var webhookListen: (host: String, port: Int)?
    /// The webhook's TLS and client authentication (client certificates signed by a client CA,
    /// bearer tokens), as the kube-apiserver's audit webhook kubeconfig presents them.
    public var webhookSecurity = ListenerSecurity(flagPrefix: "audit-webhook-")
    /// Start each resource with a WatchList request (`sendInitialEvents`), falling back to
    /// LIST when the server refuses it.
    public var useWatchList = true
    /// Discover every listable and watchable resource at start (`--all`), besides ``resources``,
    /// and again every ``rediscoveryInterval`` and soon after a CustomResourceDefinition is recorded,
    /// so custom resources defined later are recorded too.
    public var discoverAll = false
    public var rediscoveryInterval: Duration = .seconds(60)
    /// The store's directory (for the store size in `/metrics`).
    public var storePath = ""

    public init(connection: ClusterConnection, resources: [RecordedResource], filter: BodyFilter) {
        self.connection = connection
        self.resources = resources
        self.filter = filter
    }

    /// Records into `ledger` until the calling task is cancelled (SIGTERM), then flushes.
    ///
    /// - Parameter started: called once every resource's start is logged.
    /// - Returns: what was recorded.
    /// - Throws: ``RecorderError`` for a connection that cannot be set up; ``ListenerSecurityError``
    ///   for webhook certificates, keys or tokens that cannot be used; ``LedgerError`` when a commit
    ///   fails (the recorder stops rather than skip events).
    public func run(
        into ledger: Ledger, logger: Logger, listening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) async throws -> RecorderStats {
        // Certificates, keys and tokens are checked before anything connects.
        let webhookGuard = webhookListen == nil ? ListenerGuard.open : try webhookSecurity.load()
        let webhookServer = try webhookGuard.server()
        let client = try KubeClient(connection)
        var resources = self.resources
        if discoverAll {
            do {
                let found = try await ResourceDiscovery(client: client).resources(
                    includeSecrets: resources.contains { $0.name == "secrets" && $0.group.isEmpty })
                for r in found where !resources.contains(where: { $0.cursorName == r.cursorName }) {
                    resources.append(r)
                }
            } catch {
                await client.shutdown()
                throw error
            }
        }
        let writer = BatchWriter(ledger: ledger, maxEvents: maxBatch, logger: logger)
        let cursors = try ledger.cursors()
        for r in resources {
            let from = cursors[r.cursorName]
            logger.info(
                "watching \(r.path)",
                metadata: [
                    "resource": "\(r.cursorName)", "kind": "\(r.groupKind)",
                    "start": "\(from.map { "resume from resourceVersion \($0)" } ?? "list and reconcile")",
                ])
        }
        let interval = flushInterval
        let endpoints = RecorderEndpoints(
            writer: writer, filter: filter, resources: resources, ledgerPath: storePath, logger: logger,
            webhookGuard: webhookGuard)
        var services: [any Service] = []
        if let (host, port) = operationsListen {
            services.append(
                endpoints.application(host: host, port: port, server: .http1(), webhook: false) {
                    await listening("operations", $0)
                })
        }
        if let (host, port) = webhookListen {
            services.append(
                endpoints.application(host: host, port: port, server: webhookServer, webhook: true) {
                    await listening("audit webhook", $0)
                })
        }
        let serviceGroup =
            services.isEmpty
            ? nil
            : ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [], logger: logger))
        let includeSecrets = resources.contains { $0.name == "secrets" && $0.group.isEmpty }
        let result: Result<Void, any Error> = await withTaskGroup(of: RecorderTaskOutcome.self) { group in
            func record(_ r: RecordedResource, from cursor: String?) {
                var rr = ResourceRecorder(resource: r, client: client, writer: writer, filter: filter, logger: logger)
                rr.watchTimeout = watchTimeout
                rr.useWatchList = useWatchList
                group.addTask { await rr.run(from: cursor); return .finished }
            }
            for r in resources { record(r, from: cursors[r.cursorName]) }
            var known = Set(resources.map(\.cursorName))
            if discoverAll {
                let excluded = known
                group.addTask {
                    await rediscover(
                        excluding: excluded, client: client, writer: writer, includeSecrets: includeSecrets,
                        logger: logger)
                }
            }
            if let serviceGroup {
                group.addTask {
                    do { try await serviceGroup.run() } catch { return .failed(error) }
                    return .finished
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    do { try await writer.flush() } catch { return .failed(error) }
                }
                return .finished
            }
            // The first error (a failed commit) stops everything.
            for await outcome in group {
                switch outcome {
                case .failed(let e):
                    group.cancelAll()
                    return .failure(e)
                case .discovered(let found) where !Task.isCancelled:
                    let stored = (try? ledger.cursors()) ?? [:]
                    for r in found {
                        known.insert(r.cursorName)
                        let start = stored[r.cursorName].map { "resume from resourceVersion \($0)" } ?? "list"
                        logger.info(
                            "watching \(r.path)",
                            metadata: [
                                "resource": "\(r.cursorName)", "kind": "\(r.groupKind)", "discovered": "after start",
                                "start": "\(start)",
                            ])
                        record(r, from: stored[r.cursorName])
                    }
                    let excluded = known
                    group.addTask {
                        await rediscover(
                            excluding: excluded, client: client, writer: writer, includeSecrets: includeSecrets,
                            logger: logger)
                    }
                case .discovered, .finished:
                    continue
                }
            }
            return .success(())
        }
        // Cancelled (SIGTERM) or failed: commit what is queued.
        var flushError: (any Error)?
        do { try await writer.flush() } catch { flushError = error }
        await client.shutdown()
        try result.get()
        if let flushError { throw flushError }
        return await writer.stats
    }
}
