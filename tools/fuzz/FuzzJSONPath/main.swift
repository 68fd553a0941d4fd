import FuzzDriver
import KubeLedger

// `get -o jsonpath=…`, `-o custom-columns=…` and `--sort-by`: the user's template is parsed and
// run on an object. Input: the template, a newline, then the object's JSON.
runFuzzer { bytes in
    let text = String(decoding: bytes, as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let object = parts.count > 1 ? (try? JSONReader.parse(Array(parts[1].utf8), maxDepth: 64)) ?? .null : .null
    if let path = try? JSONPathTemplate(String(parts[0])) { _ = path.text(object) }
    if let path = try? JSONPathTemplate(relaxed: String(parts[0])) { _ = path.sortedIndices([object, object]) }
    if let columns = try? CustomColumns(spec: String(parts[0])) { _ = columns.table([object]) }
}
