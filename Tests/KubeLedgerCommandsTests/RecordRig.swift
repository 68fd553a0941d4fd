import Foundation
import Ledger
import LedgerTestSupport

/// A source store served by `kubeledger serve` and a `kubeledger record` process writing a second
/// store from it: what the recorder tests drive.
final class RecordRig: @unchecked Sendable {
    let dir = TemporaryDirectory()
    var source: CLIRunner { CLIRunner(store: dir.file("src"), directory: dir.path) }
    var target: CLIRunner { CLIRunner(store: dir.file("dst"), directory: dir.path) }
    private var counter = 0

    init() throws {
        try Self.check(source.run(["init"]))
    }

    static func check(_ o: CLIRunner.Output, _ what: String = "") throws {
        guard o.status == 0 else { throw RigError(message: "\(what) failed: \(o.stderr)") }
    }

    static func pod(_ name: String, _ generation: Int, extra: String = "") -> String {
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(name)","namespace":"ns\(name.count % 3)",\
        "uid":"uid-\(name)","creationTimestamp":"2026-11-26T09:00:00Z","labels":{"gen":"g\(generation)"}\(extra)},\
        "spec":{"containers":[{"name":"c","image":"nginx:1.\(generation)"}]}}
        """
    }

    /// Appends `objects` (JSON) to the source as one batch, one revision each.
    func append(_ objects: [String], verb: String? = nil) throws {
        counter += 1
        let path = dir.file("batch-\(counter).json")
        let list = #"{"apiVersion":"v1","kind":"List","items":["# + objects.joined(separator: ",") + "]}"
        FileManager.default.createFile(atPath: path, contents: Data(list.utf8))
        try Self.check(source.run(["append", "-f", path] + (verb.map { ["--verb", $0] } ?? [])), "append")
    }

    /// `serve --print-kubeconfig` for `url`, written to a file; returns its path.
    func kubeconfig(for url: String, name: String = "kubeconfig.yaml") throws -> String {
        let listen = url.replacingOccurrences(of: "http://", with: "")
        let out = try source.run(["serve", "--print-kubeconfig", "--listen", listen])
        try Self.check(out, "print-kubeconfig")
        let path = dir.file(name)
        FileManager.default.createFile(atPath: path, contents: Data(out.stdout.utf8))
        return path
    }

    /// Starts `kubeledger record --store dst …`.
    func startRecorder(_ args: [String]) throws -> RecorderProcess {
        try RecorderProcess(arguments: ["record", "--store", dir.file("dst")] + args)
    }

    /// The recorded events of the target store (opened read-only beside the recorder).
    func recordedEvents() throws -> [RecordedEvent] {
        guard FileManager.default.fileExists(atPath: dir.file("dst") + "/data.mdb") else { return [] }
        var options = Ledger.Options()
        options.readOnly = true
        // The recorder may be creating the store right now: not there yet.
        guard let ledger = try? Ledger(path: dir.file("dst"), options: options) else { return [] }
        var out: [RecordedEvent] = []
        try ledger.scan { out.append($0); return true }
        return out
    }

    /// The target's cursors.
    func cursors() throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: dir.file("dst") + "/data.mdb") else { return [:] }
        var options = Ledger.Options()
        options.readOnly = true
        return (try? Ledger(path: dir.file("dst"), options: options)).flatMap { try? $0.cursors() } ?? [:]
    }

    /// The source's last revision.
    func sourceHead() throws -> UInt64 {
        var options = Ledger.Options()
        options.readOnly = true
        return try Ledger(path: dir.file("src"), options: options).lastRevision()
    }

    /// Waits until the target holds an event for every source revision (by resourceVersion).
    func waitForAll(seconds: Double = 30) throws -> Bool {
        let head = try sourceHead()
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let seen = Set(try recordedEvents().compactMap { UInt64($0.resourceVersion) })
            if seen.count >= head, seen.contains(head) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// `get KIND -A -o json` of a store with what serve adds (resourceVersion, the cluster's
    /// original in an annotation) removed, for comparison.
    static func normalizedGet(_ cli: CLIRunner, _ kind: String) throws -> NSArray {
        let out = try cli.run(["get", kind, "-A", "-o", "json"])
        try check(out, "get")
        let list = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any] ?? [:]
        let items = (list["items"] as? [[String: Any]] ?? []).map { item -> [String: Any] in
            var i = item
            var m = i["metadata"] as? [String: Any] ?? [:]
            m["resourceVersion"] = nil
            if var a = m["annotations"] as? [String: Any] {
                a["kubeledger.io/resource-version"] = nil
                m["annotations"] = a.isEmpty ? nil : a
            }
            i["metadata"] = m
            return i
        }
        return items as NSArray
    }
}
