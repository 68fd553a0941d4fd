import Foundation
import LedgerTestSupport
import Testing

/// Every bad input gets one clear error naming the file, line and field, exit 1, and the store
/// byte-for-byte as it was.
@Suite struct BadInputTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }
    static let good =
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"seed","namespace":"default"},"data":{"a":"b"}}"#

    func file(_ name: String, _ bytes: [UInt8]) -> String {
        FileManager.default.createFile(atPath: dir.file(name), contents: Data(bytes))
        return dir.file(name)
    }

    /// Appends a seed, runs `args`, and checks exit 1, the message, and an unchanged store.
    func expectRejected(_ args: [String], stdin: [UInt8]? = nil, mentions: [String]) throws {
        let seed = try cli.run(["append", "-f", "-"], stdin: Array(Self.good.utf8))
        #expect(seed.status == 0, "\(seed.stderr)")
        let before = cli.storeSnapshot()
        let r = try cli.run(args, stdin: stdin)
        #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect((1...2).contains(lines.count), "one or two lines: \(r.stderr)")
        for m in mentions { #expect(r.stderr.contains(m), "'\(m)' not in: \(r.stderr)") }
        #expect(r.stdout.isEmpty)
        #expect(cli.storeSnapshot() == before, "the store must be byte-for-byte as it was")
    }

    @Test func malformedJSON() throws {
        let f = file(
            "bad.json",
            Array("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"x\"\n".utf8))
        try expectRejected(["append", "-f", f], mentions: ["bad.json:", "malformed JSON"])
    }

    @Test func malformedYAML() throws {
        let f = file("bad.yaml", Array("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   labels: {a: b\n".utf8))
        try expectRejected(["append", "-f", f], mentions: ["bad.yaml:", "malformed YAML"])
    }

    @Test(arguments: [
        ("apiVersion", #"{"kind":"Pod","metadata":{"name":"x"}}"#),
        ("kind", #"{"apiVersion":"v1","metadata":{"name":"x"}}"#),
        ("metadata.name", #"{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{}}}"#),
    ])
    func aMissingField(field: String, json: String) throws {
        let f = file("obj.json", Array(json.utf8))
        try expectRejected(["append", "-f", f], mentions: ["obj.json:1:", field])
    }

    @Test func theSecondDocumentOfAYAMLIsNamedAndTheFirstIsNotStored() throws {
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n"
            + "apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {}}\n"
        let f = file("two.yaml", Array(yaml.utf8))
        try expectRejected(["append", "-f", f], mentions: ["two.yaml:5:", "document 2", "metadata.name"])
    }

    @Test func anUnparsableAt() throws {
        try expectRejected(
            ["append", "-f", "-", "--at", "yesterday-ish"], stdin: Array(Self.good.utf8),
            mentions: ["--at", "RFC 3339"])
    }

    @Test func anObjectOverTheDefaultLimitOfOnePointFiveMebibytes() throws {
        let big =
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"x":""#
            + String(repeating: "a", count: 1_600_000) + #""}}"#
        let f = file("big.json", Array(big.utf8))
        try expectRejected(["append", "-f", f], mentions: ["big.json:1:", "1572864-byte limit"])
    }

    @Test func anObjectOverAConfiguredLimit() throws {
        try expectRejected(
            ["append", "-f", "-", "--max-object-bytes", "50"], stdin: Array(Self.good.utf8), mentions: ["50-byte limit"]
        )
    }

    @Test func invalidUTF8() throws {
        var bytes = Array("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\"\n".utf8)
        let f = file("latin1.yaml", bytes)
        try expectRejected(["append", "-f", f], mentions: ["latin1.yaml:4:", "invalid UTF-8"])
    }

    @Test(arguments: ["", "\n  \n"])
    func emptyInput(text: String) throws {
        try expectRejected(["append", "-f", "-"], stdin: Array(text.utf8), mentions: ["<stdin>", "empty input"])
    }

    @Test func aMissingFile() throws {
        try expectRejected(["append", "-f", dir.file("nope.yaml")], mentions: ["nope.yaml", "No such file"])
    }
}
