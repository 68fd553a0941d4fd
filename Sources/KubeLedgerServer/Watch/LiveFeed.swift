public import KubeLedger
public import Ledger

/// The newly recorded events of a live server, read from the store once for every watch.
///
/// Without it each watch would read and parse every new event itself: 200 watchers and 1,000
/// events/s would parse 200,000 objects a second. The feed parses each new event once, renders
/// its `WatchEvent` line once, and keeps the last ``capacity`` events; each watch filters them
/// (kind, namespace, name, selectors) and writes the shared line. A watch whose position is older
/// than what the feed keeps reads the log itself until it catches up.
///
/// Watches wait on the feed (``next(after:waitingAtMost:)``) instead of each polling the store:
/// while any watch waits, one task looks at the head every ``pollInterval`` (LMDB tells no other
/// process about a commit; a look is one read transaction) and wakes the waiting watches as soon
/// as new events are read.
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

    /// A watch waiting for events after its cursor.
    private struct Waiter {
        var cursor: UInt64
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<[Event]?, any Error>
    }

    let history: History
    /// Events kept.
    public let capacity: Int
    /// The time between two looks at the head while a watch waits.
    public let pollInterval: Duration
    private var events: [Event] = []
    /// The last revision read.
    private var last: UInt64
    private var polledAt: ContinuousClock.Instant?
    private var waiters: [Int: Waiter] = [:]
    private var nextWaiter = 0
    private var poller: Task<Void, Never>?

    public init(history: History, capacity: Int = 4096, pollInterval: Duration = .milliseconds(5)) {
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
        return kept(after: cursor)
    }

    /// The events recorded after `cursor`, waiting up to `timeout` for the first of them: empty
    /// when none came in time, `nil` when `cursor` is older than what the feed keeps.
    public func next(after cursor: UInt64, waitingAtMost timeout: Duration) async throws -> [Event]? {
        let ready = try events(after: cursor)
        guard let ready, ready.isEmpty, timeout > .zero else { return ready }
        let deadline = ContinuousClock.now + timeout
        let id = nextWaiter
        nextWaiter += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                waiters[id] = Waiter(cursor: cursor, deadline: deadline, continuation: continuation)
                startPolling()
            }
        } onCancel: {
            Task { await self.cancelWaiting(id) }
        }
    }

    /// Ends the wait of a cancelled watch.
    private func cancelWaiting(_ id: Int) {
        waiters.removeValue(forKey: id)?.continuation.resume(throwing: CancellationError())
    }

    /// The kept events after `cursor`; `nil` when `cursor` is older than what is kept.
    private func kept(after cursor: UInt64) -> [Event]? {
        let floor = (events.first?.revision ?? (last + 1)) - 1
        guard cursor >= floor else { return nil }
        guard let first = events.firstIndex(where: { $0.revision > cursor }) else { return [] }
        return Array(events[first...])
    }

    private func startPolling() {
        guard poller == nil else { return }
        let interval = pollInterval
        poller = Task { [weak self] in
            while let self, await self.tick() {
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One look at the head: wakes the waiters that have news or whose time is up. Returns
    /// whether any still wait.
    private func tick() -> Bool {
        let now = ContinuousClock.now
        polledAt = now
        do {
            try read()
        } catch {
            for w in waiters.values { w.continuation.resume(throwing: error) }
            waiters.removeAll()
        }
        for (id, w) in waiters {
            let news = kept(after: w.cursor)
            if news == nil || news?.isEmpty == false || now >= w.deadline {
                waiters[id] = nil
                w.continuation.resume(returning: news)
            }
        }
        if waiters.isEmpty { poller = nil }
        return !waiters.isEmpty
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
