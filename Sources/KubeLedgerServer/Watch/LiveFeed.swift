public import KubeLedger
public import Ledger

/// The newly recorded events of a live server, read from the store once for every watch.
///
/// Without it each watch would read and parse every new event itself: 200 watchers and 1,000
/// events/s would parse 200,000 objects a second. The feed reads the head at most once per
/// ``pollInterval``, parses each new event once, renders its `WatchEvent` line once, and keeps the
/// last ``capacity`` events; each watch filters them (kind, namespace, name, selectors) and
/// writes the shared line. A watch whose position is older than what the feed keeps reads the log
/// itself until it catches up.
public actor LiveFeed {
    /// One recorded event, parsed and rendered once.
    public struct Event: Sendable {
        /// Its revision.
        public var revision: UInt64
        /// The event (envelope and body).
        public var event: RecordedEvent
        /// The object, with its namespace filled in from the key when the stored object has none.
        public var value: JSONValue
        /// `{"type":…,"object":…}` and a newline, the object as served (kind and apiVersion as
        /// stored).
        public var line: [UInt8]
    }

    let history: History
    /// Events kept.
    public let capacity: Int
    /// The shortest time between two looks at the head.
    public let pollInterval: Duration
    private var events: [Event] = []
    /// The last revision read.
    private var last: UInt64
    private var polledAt: ContinuousClock.Instant?

    public init(history: History, capacity: Int = 4096, pollInterval: Duration = .milliseconds(25)) {
        self.history = history
        self.capacity = capacity
        self.pollInterval = pollInterval
        self.last = (try? history.ledger.lastRevision()) ?? 0
    }

    /// The events recorded after `cursor`, oldest first (looking at the head first when the last
    /// look is older than ``pollInterval``), or `nil` when `cursor` is older than what the feed
    /// keeps.
    public func events(after cursor: UInt64) throws -> [Event]? {
        let now = ContinuousClock.now
        if polledAt.map({ now - $0 >= pollInterval }) ?? true {
            polledAt = now
            try read()
        }
        let floor = (events.first?.revision ?? (last + 1)) - 1
        guard cursor >= floor else { return nil }
        guard let first = events.firstIndex(where: { $0.revision > cursor }) else { return [] }
        return Array(events[first...])
    }

    /// Reads the events after ``last`` up to the head (at most 4,096 per look).
    private func read() throws {
        let head = try history.ledger.lastRevision()
        guard head > last else { return }
        var filter = EventFilter()
        filter.fromRevision = last + 1
        filter.toRevision = min(head, last + 4096)
        var fresh: [Event] = []
        try history.events(filter) { e in
            if let body = e.body, let parsed = try? JSONReader.parse(body, maxDepth: 10_000) {
                let value = History.namespaced(parsed, e.object.key)
                let served = ServedObject.value(value, event: e, entry: nil)
                var line = JSONWriter().bytes(
                    .object(
                        JSONObject([
                            ("type", .string(Self.type(of: e))), ("object", served),
                        ])))
                line.append(UInt8(ascii: "\n"))
                fresh.append(Event(revision: e.revision, event: e, value: value, line: line))
            }
            return true
        }
        last = filter.toRevision
        events += fresh
        if events.count > capacity { events.removeFirst(events.count - capacity) }
    }

    /// `ADDED`, `MODIFIED` or `DELETED`.
    static func type(of e: RecordedEvent) -> String {
        if e.verb == .delete { return "DELETED" }
        return e.objectVersion == 1 || e.verb == .create ? "ADDED" : "MODIFIED"
    }
}
