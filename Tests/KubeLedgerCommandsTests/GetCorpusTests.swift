import Foundation
import LedgerTestSupport
import Testing

/// Every object of `../shared/corpus` that kubectl 1.32 can print, stored in one ledger and read
/// back with `get -o json` and `get -o yaml`: the text must be byte for byte what kubectl prints
/// for the same object, and the object must be the one stored. Four processes do it all: kubectl
/// prints the corpus once (the objects stored), `import list` stores them, `get` prints them all
/// as one List per format, and kubectl prints our objects again (the expected text). JSON items
/// are compared as each object alone prints (the List's indentation removed); YAML items as
/// kubectl prints them at the same depth (long strings fold by column).
///
/// The one allowed difference: a namespaced object written without a namespace is kept in
/// `default`, and `get` prints `namespace: default` (the object compared then is ours, with it).
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: GetEndToEndTests.kubectl132) && SharedCorpus.root != nil,
        "needs kubectl 1.32 and ../shared/corpus"))
struct GetCorpusTests {
    let dir = TemporaryDirectory()
    var cli: CLIRunner { CLIRunner(store: dir.file("store"), directory: dir.path) }

    @Test func `get -o json and -o yaml print every corpus object as kubectl does`() throws {
        let root = try #require(SharedCorpus.root)
        let files = SharedCorpus.objectFiles(root)
        // 1. kubectl prints the corpus (Lists expanded); those texts are what we store.
        let printed = Self.splitJSON(
            try GetEndToEndTests.runKubectl(
                ["label", "--local"] + files.flatMap { ["-f", root + "/" + $0] } + ["dummy-", "-o", "json"]))
        var byKey: [String: (text: String, object: [String: Any])] = [:]
        var order: [String] = []
        var perKind: [String: Int] = [:]
        for text in printed {
            guard let o = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                let key = Self.key(o)
            else { continue }
            let groupKind = key.split(separator: "/", maxSplits: 2).prefix(2).joined(separator: "/")
            // The first version of each object only: the import skips a later one that repeats
            // its event id (uid/resourceVersion) with other content, as must-gather copies do.
            guard byKey[key] == nil else { continue }
            // `make test` takes the first objects of each kind; KUBELEDGER_CORPUS_FULL=1 takes all.
            guard Self.full || perKind[groupKind, default: 0] < Self.perKindLimit else { continue }
            perKind[groupKind, default: 0] += 1
            order.append(key)
            byKey[key] = (text, o)
        }
        #expect(order.count > 300, "kubectl printed \(printed.count) objects, \(byKey.count) distinct")
        let list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
            + order.map { byKey[$0]!.text }.joined(separator: ",") + "]}"
        try list.write(toFile: dir.file("list.json"), atomically: true, encoding: .utf8)
        let imported = try cli.run(["import", "list", dir.file("list.json"), "--skip-invalid"])
        #expect(imported.status == 0, "\(imported.stderr)")

        // 2. get prints them all, once per format.
        var types: [String] = []
        for key in order {
            let o = byKey[key]!.object
            let group = ((o["apiVersion"] as? String) ?? "").split(separator: "/").dropLast().first.map(String.init)
            let type = ((o["kind"] as? String) ?? "").lowercased() + (group.map { ".\($0)" } ?? "")
            if !types.contains(type) { types.append(type) }
        }
        // A type whose every object was skipped by the import (a duplicate event id) is unknown
        // to the ledger, as to kubectl: leave it out.
        var json = try cli.run(["get", types.joined(separator: ","), "-A", "--show-managed-fields", "-o", "json"])
        while json.status == 3, let unknown = Self.unknownType(json.stderr), types.contains(unknown) {
            types.removeAll { $0 == unknown }
            json = try cli.run(["get", types.joined(separator: ","), "-A", "--show-managed-fields", "-o", "json"])
        }
        let args = ["get", types.joined(separator: ","), "-A", "--show-managed-fields"]
        let yaml = try cli.run(args + ["-o", "yaml"])
        #expect(json.status == 0 && yaml.status == 0, "\(json.stderr) \(yaml.stderr)")
        let ourJSON = Self.jsonItems(json.stdout)
        let ourYAML = Self.yamlItems(yaml.stdout)
        #expect(ourJSON.count == ourYAML.count)

        // 3. kubectl prints our objects: the expected texts.
        try ourJSON.joined(separator: "\n").write(toFile: dir.file("ours.json"), atomically: true, encoding: .utf8)
        let theirJSON = Self.splitJSON(
            try GetEndToEndTests.runKubectl(["label", "--local", "-f", dir.file("ours.json"), "dummy-", "-o", "json"]))
        // YAML folds long strings at 80 columns counted from the line start, so an item of a List
        // folds as it does at its depth: kubectl prints the same items at the same depth, as the
        // sequence `zitems` of one object (not a List, which it would print item by item).
        let wrapper = #"{"apiVersion":"kubeledger.test/v1","kind":"Wrapper","metadata":{"name":"w"},"zitems":["#
            + ourJSON.joined(separator: ",") + "]}"
        try wrapper.write(toFile: dir.file("wrapper.json"), atomically: true, encoding: .utf8)
        let wrapped = try GetEndToEndTests.runKubectl(
            ["label", "--local", "-f", dir.file("wrapper.json"), "dummy-", "-o", "yaml"])
        let theirYAML = Self.yamlItems(wrapped, marker: "zitems:")
        #expect(theirJSON.count == ourJSON.count && theirYAML.count == ourYAML.count)

        var same = 0
        var defaulted = 0
        for i in ourJSON.indices where i < theirJSON.count && i < theirYAML.count && i < ourYAML.count {
            #expect(ourJSON[i] == theirJSON[i], "json #\(i)")
            #expect(ourYAML[i] == theirYAML[i], "yaml #\(i)")
            // The object is the one stored, apart from a defaulted namespace.
            var ours = try #require(try JSONSerialization.jsonObject(with: Data(ourJSON[i].utf8)) as? [String: Any])
            let key = try #require(Self.key(ours))
            let original = try #require(byKey[key], "\(key) was not stored")
            if (original.object["metadata"] as? [String: Any])?["namespace"] == nil,
                var m = ours["metadata"] as? [String: Any]
            {
                m["namespace"] = nil
                ours["metadata"] = m
                defaulted += 1
            }
            let canonical = { (o: [String: Any]) in
                try JSONSerialization.data(withJSONObject: o, options: .sortedKeys)
            }
            #expect(try canonical(ours) == canonical(original.object), "\(key) changed")
            if ourJSON[i] == theirJSON[i] && ourYAML[i] == theirYAML[i] { same += 1 }
        }
        print(
            "GetCorpusTests: \(same) of \(ourJSON.count) stored corpus objects (of \(order.count) kubectl printed) "
                + "byte-identical to kubectl 1.32 in -o json and -o yaml (\(defaulted) with a namespace the "
                + "ledger defaulted; \(files.count) files)")
        #expect(same == ourJSON.count)
    }

    /// Objects of each kind compared by default (the whole corpus, 12,000 objects, takes minutes
    /// in a debug build).
    static let perKindLimit = 15
    static let full = ProcessInfo.processInfo.environment["KUBELEDGER_CORPUS_FULL"] == "1"

    /// The type in `the server doesn't have a resource type "x"`.
    static func unknownType(_ stderr: String) -> String? {
        let marker = "doesn't have a resource type \""
        guard let start = stderr.range(of: marker)?.upperBound,
            let end = stderr[start...].firstIndex(of: "\"")
        else { return nil }
        return String(stderr[start..<end])
    }

    /// `group/kind/namespace/name` of a printed object, or nil without a name.
    static func key(_ o: [String: Any]) -> String? {
        guard let m = o["metadata"] as? [String: Any], let name = m["name"] as? String, !name.isEmpty,
            let kind = o["kind"] as? String, let apiVersion = o["apiVersion"] as? String
        else { return nil }
        let group = apiVersion.split(separator: "/").dropLast().first.map(String.init) ?? ""
        // No namespace and `default` are one key (the ledger defaults a missing namespace).
        let namespace = (m["namespace"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        return "\(group)/\(kind)/\(namespace)/\(name)"
    }

    /// kubectl's JSON objects one after another (each starts with a `{` line).
    static func splitJSON(_ text: String) -> [String] {
        var docs: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "{" { docs.append("") }
            if !docs.isEmpty { docs[docs.count - 1] += line + "\n" }
        }
        return docs.map {
            var s = $0
            while s.hasSuffix("\n\n") { s.removeLast() }
            return s
        }
    }

    /// The items of our `-o json` List, each as it prints alone (eight spaces of indent less).
    static func jsonItems(_ text: String) -> [String] {
        var items: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "    ]," || line == "    ]" { break }
            if line == "        {" { items.append("") }
            guard !items.isEmpty, line.hasPrefix("        ") else { continue }
            var l = String(line.dropFirst(8))
            if l == "}," { l = "}" }
            items[items.count - 1] += l + "\n"
        }
        return items
    }

    /// The items of our `-o yaml` List, each as it prints alone (`- ` and two spaces less).
    static func yamlItems(_ text: String, marker: String = "items:") -> [String] {
        var items: [String] = []
        var inItems = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == marker {
                inItems = true
                continue
            }
            guard inItems else { continue }
            if line.hasPrefix("- ") {
                items.append(String(line.dropFirst(2)) + "\n")
            } else if line.hasPrefix("  ") || (line.isEmpty && !items.isEmpty) {
                // An empty line belongs to a block scalar of the item.
                items[items.count - 1] += line.dropFirst(2) + "\n"
            } else {
                inItems = false
            }
        }
        return items.map { item in
            var s = item
            while s.hasSuffix("\n\n") { s.removeLast() }
            return s
        }
    }
}

/// `../shared/corpus` beside the package, when present.
enum SharedCorpus {
    static let root: String? = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            let candidate = url.appendingPathComponent("../shared/corpus").standardizedFileURL.path
            if FileManager.default.fileExists(atPath: candidate + "/MANIFEST.tsv") { return candidate }
            url = url.deletingLastPathComponent()
        }
        return nil
    }()

    /// The corpus files MANIFEST.tsv lists as JSON or YAML Kubernetes objects or Lists (not audit
    /// logs, admission reviews, watch streams or the malformed-on-purpose inputs).
    static func objectFiles(_ root: String) -> [String] {
        let manifest = (try? String(contentsOfFile: root + "/MANIFEST.tsv", encoding: .utf8)) ?? ""
        return manifest.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 8, f[6] == "json" || f[6] == "yaml" else { return nil }
            let d = f[7]
            guard d.contains(" objects (") || d.contains("List wrapper"), !d.contains("audit"),
                !d.contains("AdmissionReview"), !d.contains("MALFORMED")
            else { return nil }
            return String(f[0])
        }
    }
}
