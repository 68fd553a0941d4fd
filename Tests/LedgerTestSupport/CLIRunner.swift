public import Foundation

/// Runs the built `kubeledger` binary, as a user would.
public struct CLIRunner: Sendable {
    /// What one run printed and returned.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The store directory passed with `--store`.
    public var store: String
    /// The working directory.
    public var directory: String

    public init(store: String, directory: String) {
        self.store = store
        self.directory = directory
    }

    /// The binary next to the test bundle (SwiftPM builds both into one folder).
    public static var binary: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("kubeledger").path
    }

    /// Runs `kubeledger --store STORE args…` with `stdin`.
    @discardableResult
    public func run(_ args: [String], stdin: [UInt8]? = nil, environment: [String: String] = [:]) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        var full = args
        if !store.isEmpty, let sub = args.first, !sub.hasPrefix("-") { full += ["--store", store] }
        p.arguments = full
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
        try input.fileHandleForWriting.close()
        return Self.collect(p, out: out, err: err)
    }

    /// Reads both pipes of a started process to their ends (at once, so a large output cannot
    /// block the child), waits for it, and returns what it printed and its status.
    static func collect(_ p: Process, out: Pipe, err: Pipe) -> Output {
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Output(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs `kubectl` (installed on the development and CI machines) and returns its stdout.
    public static func kubectl(_ args: [String], stdin: String? = nil) throws -> String {
        try output(of: "/usr/bin/env", ["kubectl"] + args, stdin: stdin)
    }

    /// Runs `executable` with `args` (and `stdin`), stderr discarded, and returns its stdout.
    public static func output(of executable: String, _ args: [String], stdin: String? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        let out = Pipe()
        let input = Pipe()
        p.standardOutput = out
        p.standardInput = input
        p.standardError = FileHandle.nullDevice
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether kubectl is on PATH.
    public static var hasKubectl: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/kubectl")
        }
    }

    /// The bytes of every file in the store directory, to prove a rejected input changed nothing.
    public func storeSnapshot() -> [String: Data] {
        var out: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: store)) ?? [] where name != "lock.mdb" {
            out[name] = FileManager.default.contents(atPath: store + "/" + name)
        }
        return out
    }
}
