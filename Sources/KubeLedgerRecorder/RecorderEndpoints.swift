import Foundation
import Hummingbird
import HummingbirdCore
import KubeLedger
import KubeLedgerTLS
import Ledger
import Logging
import NIOCore
import ServiceLifecycle

/// The recorder's HTTP listeners: operations (`/healthz`, `/readyz`, `/metrics`) and the audit
/// webhook (a kube-apiserver POSTs `audit.k8s.io/v1` EventLists; the answer is 200 only once the
/// batch is committed, so the apiserver retries what was not stored).
struct RecorderEndpoints: Sendable {
    let writer: BatchWriter
    let filter: BodyFilter
    let resources: [RecordedResource]
    let ledgerPath: String
    let logger: Logger
    /// The webhook's TLS and client authentication.
    let webhookGuard: ListenerGuard

    /// The largest webhook request body accepted.
    static let maxBody = 64 << 20

    /// A server on `host:port` answering the operations routes (`ops`) or the webhook.
    func application(
        host: String, port: Int, server: HTTPServerBuilder, webhook: Bool,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some Service {
        let endpoints = self
        let handler = CallbackResponder<ChannelRequestContext> { request, context in
            if webhook { return await endpoints.webhook(request, context: context) }
            return await endpoints.operations(request)
        }
        // Hummingbird logs a cancelled shutdown as errors: keep its own messages to failures that matter.
        var quiet = logger
        quiet.logLevel = .critical
        return Application(
            responder: handler, server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: quiet)
    }

    func operations(_ request: Request) async -> Response {
        switch request.uri.path {
        case "/healthz", "/livez": return Self.text(200, "ok\n")
        case "/readyz":
            let ready = await writer.readyResources
            let missing = resources.map(\.cursorName).filter { !ready.contains($0) }
            return missing.isEmpty
                ? Self.text(200, "ok\n") : Self.text(503, "not ready: \(missing.joined(separator: ","))\n")
        case "/metrics":
            return Self.text(200, await metrics(), type: "text/plain; version=0.0.4")
        default: return Self.text(404, "not found\n")
        }
    }

    /// Prometheus text exposition of the recorder's series (``RecorderMetrics``).
    func metrics() async -> String {
        writer.metrics.exposition(storePath: ledgerPath)
    }

    func webhook(_ request: Request, context: ChannelRequestContext) async -> Response {
        // Authentication first: an unauthenticated client learns nothing, not even the method rule.
        guard await webhookGuard.admits(request, context: context) else { return Self.status(401, "Unauthorized") }
        guard request.method == .post else { return Self.status(405, "the audit webhook takes POST") }
        guard let buffer = try? await request.body.collect(upTo: Self.maxBody) else {
            return Self.status(413, "request body larger than \(Self.maxBody) bytes")
        }
        let bytes = Array(buffer: buffer)
        guard let head = try? JSONReader.parse(bytes, maxDepth: 10_000), head["kind"]?.stringValue == "EventList" else {
            return Self.status(400, "expected an audit.k8s.io/v1 EventList")
        }
        let items = AuditLogAdapter(source: "audit webhook", addsImportAnnotations: false).items(in: bytes)
        if let reject = items.lazy.compactMap({ item -> IngestError? in
            if case .rejected(let e) = item { e } else { nil }
        }).first {
            return Self.status(400, "\(reject)")
        }
        let events = items.compactMap { item -> IngestItem? in
            guard case .event(let e, let line) = item else { return nil }
            return .event(filter.apply(e), line: line)
        }
        do {
            try await writer.commitNow(events)
        } catch {
            logger.error("audit webhook batch not stored", metadata: ["error": "\(error)"])
            return Self.status(500, "not stored: \(error)")
        }
        return Self.text(200, "{}", type: "application/json")
    }

    static func text(_ code: Int, _ body: String, type: String = "text/plain; charset=utf-8") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(
            status: HTTPResponse.Status(code: code), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A `meta.k8s.io/v1` Status, as the apiserver's webhook client logs it.
    static func status(_ code: Int, _ message: String) -> Response {
        let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ")
        return text(
            code, #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"\#(escaped)","code":\#(code)}"#,
            type: "application/json")
    }
}
