import Foundation
import LedgerTestSupport

/// Certificates made by the real openssl in a folder: a CA, a serving certificate for 127.0.0.1
/// signed by it (alone and as a chain ending in the CA), a client certificate signed by it, and a
/// client certificate signed by another CA (which must be refused).
struct TestCertificates {
    let dir: String
    var caCertificate: String { dir + "/ca.crt" }
    var serverChain: String { dir + "/server-chain.crt" }
    var serverKey: String { dir + "/server.key" }
    var clientCertificate: String { dir + "/client.crt" }
    var clientKey: String { dir + "/client.key" }
    var rogueCertificate: String { dir + "/rogue.crt" }
    var rogueKey: String { dir + "/rogue.key" }

    static var haveOpenSSL: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") }

    /// Makes every file under `dir` (EC P-256 keys, one day of validity).
    init(in dir: String) throws {
        self.dir = dir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try ca("ca")
        try ca("rogue-ca")
        try leaf(
            "server", cn: "127.0.0.1", ca: "ca", extensions: "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth")
        try leaf("client", cn: "alice", ca: "ca", extensions: "extendedKeyUsage=clientAuth")
        try leaf("rogue", cn: "mallory", ca: "rogue-ca", extensions: "extendedKeyUsage=clientAuth")
        let chain = try String(contentsOfFile: dir + "/server.crt", encoding: .utf8)
            + String(contentsOfFile: caCertificate, encoding: .utf8)
        try chain.write(toFile: serverChain, atomically: true, encoding: .utf8)
    }

    private func ca(_ name: String) throws {
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=kubeledger-test-\(name)", "-keyout", "\(dir)/\(name).key", "-out", "\(dir)/\(name).crt",
        ])
    }

    private func leaf(_ name: String, cn: String, ca: String, extensions: String) throws {
        let ext = "\(dir)/\(name).ext"
        try extensions.write(toFile: ext, atomically: true, encoding: .utf8)
        try Self.openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=\(cn)",
            "-keyout", "\(dir)/\(name).key", "-out", "\(dir)/\(name).csr",
        ])
        try Self.openssl([
            "x509", "-req", "-in", "\(dir)/\(name).csr", "-CA", "\(dir)/\(ca).crt", "-CAkey", "\(dir)/\(ca).key",
            "-CAcreateserial", "-days", "1", "-extfile", ext, "-out", "\(dir)/\(name).crt",
        ])
    }

    private static func openssl(_ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw RigError(message: "openssl \(args.prefix(2).joined(separator: " ")) failed")
        }
    }

    /// curl with `args`; its exit status, the HTTP status it printed (`000` when no response) and
    /// the body.
    static func curl(_ args: [String], body: String? = nil) throws -> (exit: Int32, http: String, body: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        let bodyFile = NSTemporaryDirectory() + "/kubeledger-curl-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: bodyFile) }
        var full = ["-s", "-o", bodyFile, "-w", "%{http_code}"]
        if body != nil { full += ["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@-"] }
        p.arguments = full + args
        let input = Pipe()
        let out = Pipe()
        p.standardInput = input
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        if let body { input.fileHandleForWriting.write(Data(body.utf8)) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let received = (try? String(contentsOfFile: bodyFile, encoding: .utf8)) ?? ""
        return (p.terminationStatus, String(decoding: data, as: UTF8.self), received)
    }
}
