import Foundation
public import Hummingbird
import HummingbirdCore
public import KubeLedger
public import KubeLedgerTLS
public import Ledger
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// `kubeledger serve`: the Kubernetes API, read-only, over a store's history, on Hummingbird 2.
///
/// It opens the store read-only, so it runs beside a writer (`append`, `import`, `record`), and
/// answers through an ``APIResponder``. Loopback by default; any other address needs TLS and client
/// authentication (``ListenerSecurity``: client certificates signed by a client CA, or bearer
/// tokens compared in constant time).
///
/// ```swift
/// let server = try HistoryServer(storePath: "/var/lib/kubeledger", configuration: .init())
/// try await server.run { port in print("serving on \(port)") }
/// ```
public struct HistoryServer: Sendable {
    /// Where and how to listen.
    public struct Configuration: Sendable {
        /// The address to bind (`127.0.0.1`).
        public var host = "127.0.0.1"
        /// The port (0: any free port; the bound one is passed to `onRunning`).
        public var port = 8181
        /// HTTPS, client certificates and bearer tokens (`--tls-cert-file`, `--client-ca-file`,
        /// `--token-file`, …): loaded and checked by ``HistoryServer/run(onRunning:)`` at start.
        public var security = ListenerSecurity()
        /// Test option: answer resourceVersions older than this as a compacted etcd (410).
        public var compactedBefore: UInt64 = 0

        public init() {}

        /// Whether `host` is a loopback address.
        public var isLoopback: Bool { ListenerSecurity.isLoopback(host) }
    }

    public let responder: APIResponder
    public let configuration: Configuration

    /// A server of the store at `storePath` (opened read-only).
    ///
    /// - Throws: ``LedgerError`` when the store cannot be opened.
    public init(storePath: String, configuration: Configuration) throws {
        var options = Ledger.Options()
        options.readOnly = true
        let ledger = try Ledger(path: storePath, options: options)
        var responder = APIResponder(history: History(ledger: ledger))
        responder.compactedBefore = configuration.compactedBefore
        self.responder = responder
        self.configuration = configuration
    }

    /// Serves until SIGTERM or SIGINT.
    ///
    /// - Parameter onRunning: called with the bound port once the server accepts connections.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let responder = self.responder
        let page = LedgerAPI(history: responder.history)
        // The timeline page's default window, read ahead while the server starts so the first
        // viewer's page paints from memory (docs/api.md), on its own thread at nice 19 (Linux
        // keeps the nice value per thread): it takes only CPU time that requests leave idle.
        Thread.detachNewThread {
            #if canImport(Glibc)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            #endif
            try? page.prepareTimeline()
        }
        let guardian = try configuration.security.load()
        let handler = CallbackResponder<ChannelRequestContext> { request, context in
            guard await guardian.admits(request, context: context) else {
                return Self.response(APIResponder.Reply.status(.unauthorized))
            }
            let query = Self.queryParameters(request.uri.query ?? "")
            let path = Self.decodePercent(request.uri.path)
            let method = request.method.rawValue
            let accept = request.headers[.accept] ?? ""
            // Store reads block their thread (LMDB, decompression, parsing): they run on NIO's
            // thread pool, not on the concurrency pool the event loops and watches share.
            let reply = try await NIOThreadPool.singleton.runIfActive {
                if LedgerAPI.handles(path) { return page.reply(method: method, path: path, query: query) }
                return responder.reply(method: method, path: path, query: query, accept: accept)
            }
            return Self.response(reply)
        }
        let app = Application(
            responder: handler, server: try guardian.server(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: Self.logger)
        // Watches never end on their own: after SIGTERM or SIGINT, open streams get 2 s, then
        // they are cancelled and the process exits.
        var group = ServiceGroupConfiguration(
            services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: Self.logger)
        group.maximumGracefulShutdownDuration = .seconds(2)
        try await ServiceGroup(configuration: group).run()
    }

    /// The query string's parameters, decoded as Go's `url.ParseQuery` does (`+` is a space,
    /// `%XX` a byte); the last value of a repeated name wins.
    public static func queryParameters(_ query: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in String(s).replacingPlus.removingPercentEncoding }
            out[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return out
    }

    /// Warnings and errors on stderr; stdout stays for what the command prints.
    static var logger: Logger {
        var logger = Logger(label: "kubeledger-serve") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = .warning
        return logger
    }

    /// A request path with its `%XX` sequences decoded (kubectl may send `%3A` for `:`).
    public static func decodePercent(_ path: String) -> String { path.removingPercentEncoding }

    static func response(_ reply: APIResponder.Reply) -> Response {
        let status = HTTPResponse.Status(code: reply.status)
        var headers = HTTPFields()
        headers[.contentType] = reply.contentType
        switch reply.body {
        case .bytes(let bytes):
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .stream(let produce):
            return Response(
                status: status, headers: headers,
                body: ResponseBody { writer in
                    let box = WriterBox(writer)
                    do {
                        try await produce { bytes in try await box.write(bytes) }
                    } catch {
                        // The client left, or the store could not be read: end the stream.
                    }
                    try await box.finish()
                })
        }
    }
}

/// Lets a `@Sendable` closure write to the response body writer of one streamed response.
private final class WriterBox: @unchecked Sendable {
    // One streamed response is written by one task at a time: the produce closure awaits each
    // write before the next.
    var writer: any ResponseBodyWriter

    init(_ writer: any ResponseBodyWriter) { self.writer = writer }

    func write(_ bytes: [UInt8]) async throws { try await writer.write(ByteBuffer(bytes: bytes)) }

    func finish() async throws { try await writer.finish(nil) }
}

extension String {
    /// `+` as a space (query strings).
    var replacingPlus: String { String(map { $0 == "+" ? " " : $0 }) }

    /// `%XX` sequences decoded (the path as kubectl sent it, `%3A` for `:`).
    var removingPercentEncoding: String {
        guard contains("%") else { return self }
        var out: [UInt8] = []
        let bytes = Array(utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let v = UInt8(String(decoding: bytes[i + 1...i + 2], as: UTF8.self), radix: 16)
            {
                out.append(v)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
