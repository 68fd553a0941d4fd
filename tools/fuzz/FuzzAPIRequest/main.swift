import FuzzDriver
import KubeLedger
import KubeLedgerServer

// What `kubeledger serve` parses from a request before it reads the store: the path (with its
// point in history), the query string, and the selectors in it. Input: the path, a newline, the
// query string.
runFuzzer { bytes in
    let text = String(decoding: bytes, as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    _ = try? APIPath.parse(HistoryServer.decodePercent(String(parts[0])))
    let query = HistoryServer.queryParameters(parts.count > 1 ? String(parts[1]) : "")
    for value in query.values {
        _ = try? LabelSelector(value)
        _ = try? FieldSelector(value)
    }
}
