public import KubeLedger
public import Ledger

extension APIResponder {
    /// A watch: newline-terminated `WatchEvent`s in one chunked response.
    ///
    /// - Live view: the events recorded after `resourceVersion` (the head when absent), as they
    ///   are appended by another process, found by looking at the head every ``pollInterval``.
    /// - `/at/`: the state does not change; bookmarks hold the stream until the timeout.
    /// - `/replay/FROM[/xS]/`: the recorded events after FROM, as fast as the client reads or at
    ///   S× the recorded pace, then live.
    ///
    /// With `sendInitialEvents=true` every object of the view comes first as `ADDED`, then a
    /// bookmark annotated `k8s.io/initial-events-end`. Bookmarks come every
    /// ``bookmarkInterval`` when asked for (`allowWatchBookmarks=true`).
    func watch(
        _ q: ObjectQuery, entry: ResourceCatalog.Entry, point: APIPath.Point, view: HistoryPoint,
        query: [String: String], accept: String
    ) -> Reply {
        let asTable = accept.contains("as=Table")
        let bookmarks = Self.flag(query["allowWatchBookmarks"])
        let rv = query["resourceVersion"] ?? ""
        // WatchList, or a watch from no resourceVersion / "0": every object first, as ADDED.
        let initial = Self.flag(query["sendInitialEvents"]) || rv.isEmpty || rv == "0"
        let listEnd = Self.flag(query["sendInitialEvents"])
        let timeout = query["timeoutSeconds"].flatMap(Int.init).map { Duration.seconds(max($0, 1)) }
        var from = view.revision
        if let r = UInt64(rv), r > 0, !initial { from = r }
        if case .at = point { from = view.revision }
        let start = from
        let history = self.history
        let poll = pollInterval
        let bookmarkEvery = bookmarkInterval
        let fixed: Bool
        var speed: Double?
        switch point {
        case .at: fixed = true
        case .live: fixed = false
        case .replay(_, let s):
            fixed = false
            speed = s
        }
        let pace = speed
        let responder = self
        let feed = self.feed
        let expired = UInt64(rv).map { $0 > 0 && $0 < compactedBefore } ?? false
        return Reply(
            status: 200, contentType: "application/json",
            body: .stream { write in
                let clock = ContinuousClock()
                let deadline = timeout.map { clock.now + $0 }
                var cursor = start
                var lastBookmark = clock.now
                // A Table watch sends the column definitions with its first event only.
                var columnsSent = false
                func object(_ served: JSONValue, _ original: JSONValue, _ body: [UInt8]) -> JSONValue {
                    defer { if asTable { columnsSent = true } }
                    return responder.watchObject(
                        served, original: original, body: body, kind: entry.kind, table: asTable,
                        withColumns: !columnsSent)
                }
                func send(_ type: String, _ object: JSONValue) async throws {
                    var line = JSONWriter().bytes(.object(JSONObject([("type", .string(type)), ("object", object)])))
                    line.append(UInt8(ascii: "\n"))
                    try await write(line)
                }
                func bookmark(_ revision: UInt64, initialEnd: Bool = false) async throws {
                    var metadata = JSONObject([("resourceVersion", .string(String(revision)))])
                    if initialEnd {
                        // client-go wants the list's shape with the end marker.
                        let blueprint = JSONWriter().bytes(
                            .object(
                                JSONObject([
                                    ("kind", .string(entry.kind + "List")), ("apiVersion", .string(entry.apiVersion)),
                                    ("metadata", .object(JSONObject())), ("items", .array([])),
                                ])))
                        metadata["annotations"] = .object(
                            JSONObject([
                                ("k8s.io/initial-events-end", .string("true")),
                                ("kubernetes.io/initial-events-list-blueprint", .string(Base64.encode(blueprint))),
                            ]))
                    }
                    try await send(
                        "BOOKMARK",
                        .object(
                            JSONObject([
                                ("kind", .string(entry.kind)), ("apiVersion", .string(entry.apiVersion)),
                                ("metadata", .object(metadata)),
                            ])))
                    lastBookmark = clock.now
                }
                if expired {
                    // As the API server answers a watch from a compacted revision: 200, one ERROR event.
                    try await send("ERROR", KubeStatus.expired(rv).json)
                    return
                }
                if initial {
                    for o in Self.apiOrder(try history.objects(q, at: view)) {
                        let served = ServedObject.value(o.value, event: o.event, entry: entry)
                        try await send(
                            "ADDED",
                            object(served, o.value, o.body))
                    }
                    if listEnd, bookmarks { try await bookmark(view.revision, initialEnd: true) }
                }
                var previousTime: Timestamp?
                while deadline.map({ clock.now < $0 }) ?? true {
                    // Live (and an unpaced replay once caught up): the events every watch shares.
                    // A closed connection or a shutdown cancels the stream (waits below end within a second).
                    try Task.checkCancellation()
                    // Wait for news until the next bookmark or the end, at most a second.
                    var wait = Duration.seconds(1)
                    if bookmarks { wait = min(wait, bookmarkEvery - (clock.now - lastBookmark)) }
                    if let deadline { wait = min(wait, deadline - clock.now) }
                    if !fixed, pace == nil, let shared = try await feed.next(after: cursor, waitingAtMost: wait) {
                        // One write per batch: a chunk of many lines, not one per event.
                        var chunk: [UInt8] = []
                        for fe in shared where responder.selects(fe, q, entry) {
                            if asTable || fe.value["kind"] == nil || fe.value["apiVersion"] == nil {
                                let served = ServedObject.value(fe.value, event: fe.event, entry: entry)
                                var line = JSONWriter().bytes(
                                    .object(
                                        JSONObject([
                                            ("type", .string(LiveFeed.type(of: fe.event))),
                                            (
                                                "object",
                                                object(served, fe.value, fe.event.body ?? [])
                                            ),
                                        ])))
                                line.append(UInt8(ascii: "\n"))
                                chunk += line
                            } else {
                                chunk += fe.line
                            }
                        }
                        if !chunk.isEmpty { try await write(chunk) }
                        if let last = shared.last?.revision {
                            cursor = last
                            continue
                        }
                        if bookmarks, clock.now - lastBookmark >= bookmarkEvery {
                            try await bookmark(max(cursor, view.revision))
                        }
                        continue
                    }
                    let head = try history.ledger.lastRevision()
                    if !fixed, head > cursor {
                        var filter = EventFilter()
                        filter.fromRevision = cursor + 1
                        filter.toRevision = min(head, cursor + 4096)
                        filter.kinds = [entry.kind]
                        if let ns = q.namespace, !ns.isEmpty { filter.namespace = ns }
                        var batch: [RecordedEvent] = []
                        try history.events(filter) { e in
                            if e.object.group == entry.group, q.name == nil || e.object.name == q.name {
                                batch.append(e)
                            }
                            return true
                        }
                        for e in batch {
                            if let pace, let before = previousTime {
                                let gap = Double(e.occurredAt.nanoseconds - before.nanoseconds) / 1e9 / pace
                                if gap > 0 { try await Task.sleep(for: .milliseconds(Int64(min(gap, 3600) * 1000))) }
                            }
                            previousTime = e.occurredAt
                            guard let body = e.body, let value = try? JSONReader.parse(body, maxDepth: 10_000) else {
                                continue
                            }
                            let withNamespace = History.namespaced(value, e.object.key)
                            if let s = q.labelSelector, !s.matches(withNamespace) { continue }
                            if let s = q.fieldSelector, !s.matches(withNamespace) { continue }
                            let type = LiveFeed.type(of: e)
                            let served = ServedObject.value(withNamespace, event: e, entry: entry)
                            try await send(
                                type,
                                object(served, withNamespace, body))
                        }
                        cursor = filter.toRevision
                        continue
                    }
                    if bookmarks, clock.now - lastBookmark >= bookmarkEvery {
                        try await bookmark(max(cursor, view.revision))
                    }
                    try await Task.sleep(for: fixed ? min(poll * 10, .seconds(1)) : poll)
                }
            })
    }

    /// Whether a shared event is one this watch asked for: its kind, namespace, name and
    /// selectors.
    func selects(_ fe: LiveFeed.Event, _ q: ObjectQuery, _ entry: ResourceCatalog.Entry) -> Bool {
        let o = fe.event.object
        guard o.kind == entry.kind, o.group == entry.group else { return false }
        if let ns = q.namespace, !ns.isEmpty, o.namespace != ns { return false }
        if let name = q.name, o.name != name { return false }
        if let s = q.labelSelector, !s.matches(fe.value) { return false }
        if let s = q.fieldSelector, !s.matches(fe.value) { return false }
        return true
    }

    /// A watch event's object: the served object, or a Table of one row when a Table was asked for.
    func watchObject(
        _ served: JSONValue, original: JSONValue, body: [UInt8], kind: String, table: Bool, withColumns: Bool
    ) -> JSONValue {
        guard table else { return served }
        let rv = served["metadata"]?["resourceVersion"]?.stringValue ?? ""
        return TableBuilder.table(
            kind: kind, objects: [(served, original, body)], at: .now(), resourceVersion: rv, withColumns: withColumns)
    }
}
