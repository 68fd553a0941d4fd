import KubeLedger
import Ledger
import LedgerTestSupport
import Testing

@testable import KubeLedgerServer

/// The live entries kept for a list's later pages: keyed by the view and the scope, bounded.
@Suite struct ListViewCacheTests {
    let dir = TemporaryDirectory()

    @Test func `a view's entries are computed once, per scope, and the oldest lists go first`() throws {
        let cache = ListViewCache(capacity: 10)
        let pods = ObjectQuery(kind: "Pod", group: "")
        func entries(_ n: Int) -> ListViewCache.Ordered {
            (0..<n).map { i in
                let key = ObjectKey(group: "", kind: "Pod", namespace: "ns", name: "p\(i)")
                return (APIResponder.orderKey(key), (key, UInt64(i + 1)))
            }
        }
        var computed = 0
        func list(_ q: ObjectQuery, _ view: HistoryPoint, _ n: Int) -> Int {
            cache.ordered(q, at: view) {
                computed += 1
                return entries(n)
            }.count
        }
        let at5 = HistoryPoint(revision: 5, time: Timestamp(nanoseconds: 1))
        let at5later = HistoryPoint(revision: 5, time: Timestamp(nanoseconds: 9))  // AGE time only
        let at6 = HistoryPoint(revision: 6, time: Timestamp(nanoseconds: 1))
        #expect(list(pods, at5, 6) == 6 && computed == 1)
        #expect(list(pods, at5later, 6) == 6 && computed == 1, "the same view at another AGE time")
        var inNamespace = pods
        inNamespace.namespace = "ns"
        #expect(list(inNamespace, at5, 3) == 3 && computed == 2, "another scope")
        #expect(list(pods, at6, 2) == 2 && computed == 3, "another revision")
        // 6 + 3 + 2 > 10: the least recently used (pods at 5) was forgotten.
        #expect(list(inNamespace, at5, 3) == 3 && computed == 3)
        #expect(list(pods, at5, 6) == 6 && computed == 4)
        // A list longer than the capacity is not kept.
        #expect(list(pods, HistoryPoint(revision: 7, time: Timestamp(nanoseconds: 1)), 11) == 11)
        #expect(list(pods, HistoryPoint(revision: 7, time: Timestamp(nanoseconds: 1)), 11) == 11 && computed == 6)
    }

    @Test func `pages of a list at a fixed revision are the same after more events are appended`() throws {
        let ledger = try dir.ledger()
        try ledger.append((0..<30).map { TestEvents.pod("p\($0)", at: 1_800_000_000 + Int64($0)) })
        let r = APIResponder(history: History(ledger: ledger))
        func names(_ query: [String: String]) throws -> (names: [String], next: String?) {
            let reply = r.reply(method: "GET", path: "/at/30/api/v1/pods", query: query, accept: "application/json")
            guard case .bytes(let b) = reply.body else { throw ServedObjectFailure("a streamed reply") }
            let list = try JSONReader.parse(b)
            return (
                (list["items"]?.arrayValue ?? []).compactMap { $0["metadata"]?["name"]?.stringValue },
                list["metadata"]?["continue"]?.stringValue
            )
        }
        let first = try names(["limit": "10"])
        // Deletes and creates after revision 30 change nothing in its pages.
        try ledger.append((0..<10).map { TestEvents.pod("p\($0 + 20)", verb: .delete, at: 1_800_000_100) })
        try ledger.append([TestEvents.pod("p00", at: 1_800_000_200)])
        var all = first.names
        var token = first.next
        while let t = token {
            let page = try names(["limit": "10", "continue": t])
            all += page.names
            token = page.next
        }
        #expect(all == (0..<30).map { "p\($0)" }.sorted())
    }
}
