import KubeLedger
import Ledger
import Synchronization

/// The live entries of the last few LISTs in the API server's order, so that the pages of one
/// list (kubectl asks 500 objects at a time, each page at the revision its continue token
/// carries) compute the view's live set once, not once per page.
///
/// A view's live set never changes: it is the fold of the log's first ``HistoryPoint/revision``
/// events (those that occurred by its horizon), and the log only grows. So an entry is keyed by
/// what defines the view and the query's scope, and is never stale; the cache holds at most
/// ``capacity`` entries in all and forgets the least recently used lists first.
///
/// ```swift
/// let ordered = try cache.ordered(query, at: view) { try history.liveEntries(query, at: view) }
/// ```
public final class ListViewCache: Sendable {
    /// Live entries in list order, each with its order key (``APIResponder/orderKey(_:)``).
    typealias Ordered = [(order: [UInt8], entry: (key: ObjectKey, revision: UInt64))]

    /// What one list's entries depend on.
    struct Key: Hashable {
        var revision: UInt64
        var horizon: Timestamp?
        var isRevisionPrefix: Bool
        var kind: String
        var group: String?
        var namespace: String?
        var name: String?
    }

    /// The most entries (objects) held over every list.
    public let capacity: Int

    /// The lists, most recently used last.
    private let lists = Mutex<[(key: Key, entries: Ordered)]>([])

    /// A cache holding at most `capacity` entries (200,000 by default: a few lists of every pod
    /// of a large cluster, tens of megabytes).
    public init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The entries of `query`'s scope in `view`, from the cache or from `compute` (then kept).
    func ordered(_ query: ObjectQuery, at view: HistoryPoint, compute: () throws -> Ordered) rethrows -> Ordered {
        let key = Key(
            revision: view.revision, horizon: view.horizon, isRevisionPrefix: view.isRevisionPrefix, kind: query.kind,
            group: query.group, namespace: query.namespace, name: query.name)
        let hit = lists.withLock { lists -> Ordered? in
            guard let i = lists.firstIndex(where: { $0.key == key }) else { return nil }
            let found = lists.remove(at: i)
            lists.append(found)
            return found.entries
        }
        if let hit { return hit }
        let entries = try compute()
        guard entries.count <= capacity else { return entries }
        lists.withLock { lists in
            lists.removeAll { $0.key == key }
            lists.append((key, entries))
            var held = lists.reduce(0) { $0 + $1.entries.count }
            while held > capacity, let oldest = lists.first {
                held -= oldest.entries.count
                lists.removeFirst()
            }
        }
        return entries
    }
}
