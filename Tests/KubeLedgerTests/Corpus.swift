import Foundation
import KubeLedger
import Yams

/// Reads must-gather YAML (`kind: XxxList`) from the shared corpus.
enum Corpus {
    /// The items of a List document (or the document itself), as JSON trees.
    static func items(_ url: URL) throws -> [JSONValue] {
        let yaml = try String(contentsOf: url, encoding: .utf8)
        // Timestamps stay strings, as in the API's JSON.
        let any = try Yams.load(yaml: yaml, Resolver.default.removing(.timestamp)) ?? [:]
        let data = try JSONSerialization.data(withJSONObject: any)
        let doc = try JSONReader.parse([UInt8](data))
        return doc["items"]?.arrayValue ?? [doc]
    }
}
