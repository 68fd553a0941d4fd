import Foundation
import LedgerTestSupport
import Testing

/// Every usage error, whether ArgumentParser finds it (unknown option, missing argument, a value
/// its type rejects) or `validate()` throws it, exits 2 as the CLI contract says (ArgumentParser's
/// own default is 64), with ArgumentParser's message on stderr, nothing on stdout, and no store
/// created. `--help` and `--version` exit 0.
@Suite struct UsageErrorTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }
    /// No `--store`: the runner adds it after the first word, which `help` and groups reject.
    var bare: CLIRunner { CLIRunner(store: "", directory: dir.path) }
    static let good = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"seed","namespace":"default"}}"#

    /// Runs `args` and checks exit 2, the message, the usage line, empty stdout and no store.
    func expectUsageError(
        _ args: [String], stdin: [UInt8]? = nil, mentions: [String], runner: CLIRunner? = nil
    ) throws {
        let r = try (runner ?? cli).run(args, stdin: stdin)
        #expect(r.status == 2, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.hasPrefix("Error: "), "ArgumentParser's message: \(r.stderr)")
        #expect(r.stderr.contains("Usage: kubeledger"), "the usage line: \(r.stderr)")
        for m in mentions { #expect(r.stderr.contains(m), "'\(m)' not in: \(r.stderr)") }
        #expect(r.stdout.isEmpty, "stdout: \(r.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("store")), "a usage error creates no store")
    }

    @Test func anUnknownOption() throws {
        try expectUsageError(["log", "--no-such-option"], mentions: ["Unknown option '--no-such-option'"])
    }

    @Test func anUnknownSubcommandOfAGroup() throws {
        try expectUsageError(["import", "csv", "x.csv"], mentions: ["unexpected arguments: 'csv'"], runner: bare)
    }

    @Test func aMissingArgument() throws {
        try expectUsageError(["show"], mentions: ["Missing expected argument '<revision>'"])
    }

    @Test func aMissingOption() throws {
        try expectUsageError(["append"], mentions: ["Missing expected argument '--file <file>'"])
    }

    @Test func aMalformedSnapshotInterval() throws {
        try expectUsageError(
            ["replay", "--snapshot-interval", "ten"],
            mentions: ["The value 'ten' is invalid for '--snapshot-interval <snapshot-interval>'"])
    }

    @Test func aMalformedOutputFormat() throws {
        try expectUsageError(["stats", "-o", "xml"], mentions: ["The value 'xml' is invalid for '-o <output>'"])
    }

    @Test func aValidateFailure() throws {
        try expectUsageError(
            ["append", "-f", "-", "--expect-version", "1", "--expect-absent"], stdin: Array(Self.good.utf8),
            mentions: ["--expect-version and --expect-absent cannot be used together"])
    }

    /// A verb outside the four is a usage error in every subcommand that takes `--verb` (append
    /// exited 1 for it before, log and audit 2).
    @Test(arguments: [
        ["append", "-f", "-", "--verb", "apply"],
        ["log", "--verb", "apply"],
        ["audit", "--verb", "apply"],
    ])
    func aVerbOutsideTheFour(args: [String]) throws {
        try expectUsageError(
            args, stdin: Array(Self.good.utf8),
            mentions: [
                "The value 'apply' is invalid for '--verb <verb>'",
                "Please provide one of 'create', 'update', 'patch' or 'delete'",
            ])
    }

    @Test(arguments: [["--help"], ["help"], ["append", "--help"], ["help", "rollout", "undo"]])
    func helpExitsZero(args: [String]) throws {
        let r = try bare.run(args)
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        #expect(r.stdout.contains("USAGE: kubeledger"), "help on stdout: \(r.stdout)")
        #expect(r.stderr.isEmpty, "stderr: \(r.stderr)")
    }

    @Test func versionExitsZero() throws {
        let r = try bare.run(["--version"])
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        #expect(r.stdout == "0.1.0\n")
    }

    /// A verb spelled right still parses (by name, never by the stored number).
    @Test func aVerbByNameParsesAndANumberDoesNot() throws {
        let r = try cli.run(["append", "-f", "-", "--verb", "create", "-o", "json"], stdin: Array(Self.good.utf8))
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        let log = try cli.run(["log", "--verb", "create", "-o", "jsonl"])
        #expect(log.status == 0 && log.stdout.split(separator: "\n").count == 1, "\(log.stderr)")
        let number = try cli.run(["log", "--verb", "1"])
        #expect(number.status == 2, "exit \(number.status): \(number.stderr)")
    }
}
