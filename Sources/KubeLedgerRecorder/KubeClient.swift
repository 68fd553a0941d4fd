import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// GETs and watch streams against one API server, with its TLS settings and credentials.
final class KubeClient: Sendable {
    private let http: HTTPClient
    private let server: String
    private let credentials: CredentialSource

    init(_ connection: ClusterConnection) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let ca = connection.certificateAuthority {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
        }
        if connection.insecure { tls.certificateVerification = .none }
        if let cert = connection.clientCertificate, let key = connection.clientKey {
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(cert).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
        }
        var config = HTTPClient.Configuration(tlsConfiguration: tls)
        config.timeout.connect = .seconds(10)
        config.decompression = .disabled
        // One long-lived watch per resource (31 with --all against a small cluster, hundreds with
        // CRDs) plus lists: the default pool of 8 connections per host would queue them forever.
        config.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 4_096
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        self.server = connection.server
        self.credentials = CredentialSource(connection)
    }

    func shutdown() async {
        try? await http.shutdown()
    }

    /// How many times the exec credential plugin ran.
    var pluginRuns: Int { get async { await credentials.pluginRuns } }

    private func request(_ path: String) async throws -> HTTPClientRequest {
        var r = HTTPClientRequest(url: server + path)
        r.headers.add(name: "Accept", value: "application/json")
        r.headers.add(name: "User-Agent", value: "kubeledger-record/0.1.0")
        if let auth = try await credentials.authorization() { r.headers.add(name: "Authorization", value: auth) }
        return r
    }

    /// A whole response body (a LIST page, discovery); one retry after a 401 with a fresh token.
    func get(_ path: String) async throws -> (status: Int, body: [UInt8]) {
        for attempt in 0..<2 {
            let response = try await http.execute(try await request(path), timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 1 << 30)
            let status = Int(response.status.code)
            if status == 401, attempt == 0 {
                await credentials.invalidate()
                continue
            }
            return (status, Array(buffer: body))
        }
        return (401, [])
    }

    /// A watch: calls `line` with each newline-terminated record of the stream until it ends.
    /// - Returns: the HTTP status (200 when the stream was read to its end).
    func stream(
        _ path: String, timeout: Int, opened: () async -> Void, line: (ArraySlice<UInt8>) async throws -> Void
    ) async throws -> Int {
        let response = try await http.execute(try await request(path), timeout: .seconds(Int64(timeout + 30)))
        let status = Int(response.status.code)
        if status == 401 { await credentials.invalidate() }
        guard status == 200 else {
            _ = try? await response.body.collect(upTo: 1 << 20)
            return status
        }
        await opened()
        var pending: [UInt8] = []
        for try await chunk in response.body {
            pending.append(contentsOf: chunk.readableBytesView)
            var start = 0
            while let nl = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if nl > start { try await line(pending[start..<nl]) }
                start = nl + 1
            }
            pending.removeFirst(start)
        }
        return 200
    }
}
