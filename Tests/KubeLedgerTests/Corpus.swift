import Foundation
import KubeLedger
import Yams

/// The shared test corpus (`../shared/corpus` beside the package root), found by walking up from
/// this file; tests that need it are disabled with a message when it is absent.
enum Corpus {
    static let root: String? = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let fm = FileManager.default
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("../shared/corpus").standardizedFileURL.path
            if fm.fileExists(atPath: candidate + "/PROVENANCE.md") { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    static var isAvailable: Bool { root != nil }

    static func bytes(_ relative: String) throws -> [UInt8] {
        guard let root else { throw CocoaError(.fileNoSuchFile) }
        return Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative)))
    }

    static func files(in relative: String, suffix: String) -> [String] {
        guard let root, let names = try? FileManager.default.contentsOfDirectory(atPath: root + "/" + relative) else {
            return []
        }
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { relative + "/" + $0 }
    }

    /// The items of a must-gather List document (or the document itself), as JSON trees.
    static func items(_ url: URL) throws -> [JSONValue] {
        let yaml = try String(contentsOf: url, encoding: .utf8)
        // Timestamps stay strings, as in the API's JSON.
        let any = try Yams.load(yaml: yaml, Resolver.default.removing(.timestamp)) ?? [:]
        let data = try JSONSerialization.data(withJSONObject: any)
        let doc = try JSONReader.parse([UInt8](data))
        return doc["items"]?.arrayValue ?? [doc]
    }
}

extension Array where Element == UInt8 {
    init(_ s: String) { self = Array(s.utf8) }
}
