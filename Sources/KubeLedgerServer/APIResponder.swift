public import KubeLedger
public import Ledger

/// Answers Kubernetes API requests from history: the wire format (discovery, objects, lists,
/// Tables, watches, `Status` errors) over the library's ``History`` queries. Independent of the
/// HTTP server: ``HistoryServer`` hands it each request's method, path, query and `Accept`
/// header, and writes what it returns.
public struct APIResponder: Sendable {
    /// The store's history.
    public let history: History
    /// Pause between two looks at the head while a live watch waits for events.
    public var pollInterval: Duration = .milliseconds(50)
    /// Seconds between two bookmarks of a watch that asked for them.
    public var bookmarkInterval: Duration = .seconds(5)
    /// Answer as an etcd compacted before this revision would: a resourceVersion older than it
    /// is 410 Expired (a test option, `serve --compact-before`, for the recorder's tests).
    public var compactedBefore: UInt64 = 0

    /// The newly recorded events, read once for every live watch.
    public let feed: LiveFeed
    /// The live entries of the last lists, for the pages after their first.
    public let lists = ListViewCache()

    public init(history: History) {
        self.history = history
        self.feed = LiveFeed(history: history)
    }

    /// A response: status, content type and body (all at once, or streamed).
    public struct Reply: Sendable {
        public var status: Int
        public var contentType: String
        public var body: Body

        /// The body of a reply.
        public enum Body: Sendable {
            case bytes([UInt8])
            /// A watch: the responder calls the closure with a function that writes one chunk,
            /// and returns when the watch ends (timeout, or the writer failed: the client left).
            case stream(@Sendable (_ write: @Sendable ([UInt8]) async throws -> Void) async throws -> Void)
        }

        static func json(_ value: JSONValue, status: Int = 200, contentType: String = "application/json") -> Reply {
            Reply(status: status, contentType: contentType, body: .bytes(JSONWriter().bytes(value)))
        }

        static func status(_ s: KubeStatus) -> Reply { .json(s.json, status: s.code) }
    }

    /// The content type of aggregated discovery.
    static let aggregatedDiscovery = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    /// Answers one request.
    ///
    /// - Parameters:
    ///   - method: the HTTP method (`GET`; anything else is refused, read-only).
    ///   - path: the decoded path, without the query string.
    ///   - query: the query parameters (last value wins).
    ///   - accept: the `Accept` header.
    public func reply(method: String, path: String, query: [String: String], accept: String) -> Reply {
        do {
            let api = try APIPath.parse(path)
            if case .accessReview(let kind) = api.target, method == "POST" { return accessReview(kind) }
            guard method == "GET" || method == "HEAD" else { return .status(.methodNotAllowed(method)) }
            switch api.target {
            case .version: return .json(DiscoveryDocuments.version)
            case .health: return Reply(status: 200, contentType: "text/plain", body: .bytes(Array("ok".utf8)))
            case .coreVersions:
                if accept.contains("as=APIGroupDiscoveryList") {
                    return .json(
                        DiscoveryDocuments.aggregated(try catalog(), core: true), contentType: Self.aggregatedDiscovery)
                }
                return .json(DiscoveryDocuments.coreVersions)
            case .groups:
                if accept.contains("as=APIGroupDiscoveryList") {
                    return .json(
                        DiscoveryDocuments.aggregated(try catalog(), core: false), contentType: Self.aggregatedDiscovery
                    )
                }
                return .json(DiscoveryDocuments.groups(try catalog()))
            case .resources(let group, let version):
                guard let doc = DiscoveryDocuments.resources(try catalog(), group: group, version: version) else {
                    return .status(.pathNotFound(APIPathError.notFound(path).description))
                }
                return .json(doc)
            case .accessReview:
                return .status(.methodNotAllowed(method))
            case .objects(let resource):
                return try objects(resource, point: api.point, query: query, accept: accept, path: path)
            }
        } catch let e as APIPathError {
            switch e {
            case .notFound: return .status(.pathNotFound(e.description))
            case .badPoint, .badSpeed: return .status(.badRequest(e.description))
            }
        } catch let e as SelectorError {
            return .status(.badRequest(e.description))
        } catch let e as RequestError {
            return .status(e.status)
        } catch {
            return .status(KubeStatus(code: 500, reason: "InternalError", message: "\(error)"))
        }
    }

    /// The resource catalog as the store is now.
    public func catalog() throws -> ResourceCatalog { try ResourceCatalog(ledger: history.ledger) }

    /// A request the server cannot answer as asked.
    struct RequestError: Error {
        var status: KubeStatus
    }

    // MARK: - Objects

    func objects(
        _ path: ResourcePath, point: APIPath.Point, query: [String: String], accept: String, path raw: String
    ) throws -> Reply {
        guard let entry = try catalog().entry(group: path.group, resource: path.resource) else {
            return .status(.pathNotFound(APIPathError.notFound(raw).description))
        }
        let head = try history.ledger.lastRevision()
        var view = try resolve(point)
        let watching = Self.flag(query["watch"])
        // `resourceVersion=N&resourceVersionMatch=Exact` on a list: revision N. Beyond the head: 504.
        if let rv = query["resourceVersion"], !rv.isEmpty, rv != "0", !watching {
            guard let r = UInt64(rv) else { throw RequestError(status: .badRequest("invalid resourceVersion \(rv)")) }
            if r > head { throw RequestError(status: .tooLarge(rv, head: head)) }
            if r < compactedBefore, query["resourceVersionMatch"] == "Exact" {
                throw RequestError(status: .expired(rv))
            }
            if query["resourceVersionMatch"] == "Exact" { view = try history.point(.revision(r)) }
        }
        var q = ObjectQuery(
            kind: entry.kind, group: entry.group,
            namespace: entry.isNamespaced ? path.namespace : "", name: path.name)
        if let s = query["labelSelector"], !s.isEmpty { q.labelSelector = try LabelSelector(s) }
        if let s = query["fieldSelector"], !s.isEmpty {
            let selector = try FieldSelector(s)
            if let field = selector.unsupportedField(kind: entry.kind) {
                throw RequestError(status: .badRequest("field label not supported: \(field)"))
            }
            q.fieldSelector = selector
        }
        if watching {
            return watch(q, entry: entry, point: point, view: view, query: query, accept: accept)
        }
        let wantsTable = accept.contains("as=Table")
        // kubectl asks for whole objects in the rows (`includeObject=Object`) when it sorts them itself.
        let wholeObjects = query["includeObject"] == "Object"
        let metadataOnly = wantsTable && !wholeObjects && GetView.needsOnlyMetadata(kind: entry.kind)
        if path.name != nil {
            let found: [HistoricalObject]
            do {
                found = try history.objects(q, at: view, metadataOnly: metadataOnly)
            } catch HistoryError.notFound(let resource, let name) {
                return .status(.notFound(resource: resource, name: name))
            }
            guard let one = found.first else { return .status(.notFound(resource: entry.resource, name: "")) }
            let served = ServedObject.value(one.value, event: one.event, entry: entry)
            if wantsTable {
                return .json(
                    TableBuilder.table(
                        kind: entry.kind, objects: [(served, one.value, one.body)], at: view.time,
                        resourceVersion: String(view.revision), wholeObjects: wholeObjects))
            }
            return .json(served)
        }
        var after: [UInt8]?
        if let text = query["continue"], !text.isEmpty {
            guard let token = ContinueToken(text) else {
                throw RequestError(status: .badRequest("invalid continue token '\(text)'"))
            }
            view = token.view
            after = token.after
        }
        let limit = query["limit"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        let resourceVersion = String(view.revision)
        if !wantsTable, q.labelSelector == nil, q.fieldSelector == nil {
            return try storedList(q, entry: entry, at: view, after: after, limit: limit)
        }
        if wantsTable, !wholeObjects, entry.kind == "Pod", entry.group.isEmpty, q.labelSelector == nil,
            q.fieldSelector == nil
        {
            return try podTable(q, entry: entry, at: view, after: after, limit: limit)
        }
        // A JSON list serves each object from its stored bytes (below): only metadata is parsed.
        let page = try listPage(q, at: view, after: after, limit: limit, metadataOnly: metadataOnly || !wantsTable)
        let next = page.next.map { ContinueToken(view: view, after: $0).text }
        if wantsTable {
            let rows = page.objects.map { o in
                (ServedObject.value(o.value, event: o.event, entry: entry), o.value, o.body)
            }
            return .json(
                TableBuilder.table(
                    kind: entry.kind, objects: rows, at: view.time, resourceVersion: resourceVersion,
                    continueToken: next, remainingItemCount: page.remaining, wholeObjects: wholeObjects))
        }
        var out = Self.listHead(entry: entry, view: view, next: next, remaining: page.remaining)
        for o in page.objects {
            let mark = out.count
            if out.last != UInt8(ascii: "[") { out.append(UInt8(ascii: ",")) }
            if !Self.appendItem(body: o.body, key: o.key, event: o.event, entry: entry, to: &out) {
                out.removeSubrange(mark...)
            }
        }
        out += "]}".utf8
        return Reply(status: 200, contentType: "application/json", body: .bytes(out))
    }

    /// A JSON list without selectors: its items are the view's entries of the page, each served
    /// from its stored bytes with only its `metadata` rewritten, read and rewritten on up to
    /// four threads (a list of every pod is tens of megabytes: the API server streams what etcd
    /// stored, and so do we). Nothing is parsed but the members that change.
    func storedList(
        _ q: ObjectQuery, entry: ResourceCatalog.Entry, at view: HistoryPoint, after: [UInt8]?, limit: Int?
    ) throws -> Reply {
        let ordered = try orderedEntries(q, at: view)
        let start = Self.firstIndex(after: after, in: ordered)
        let end = limit.map { min(ordered.count, start + $0) } ?? ordered.count
        let page = ordered[start..<end].map(\.entry)
        let more = end < ordered.count && end > start
        let next = more ? ordered[end - 1].order : nil
        var out = Self.listHead(
            entry: entry, view: view, next: next.map { ContinueToken(view: view, after: $0).text },
            remaining: more ? ordered.count - end : nil)
        let ledger = history.ledger
        let parts = try ParallelChunks.map(page, minimumPerThread: 256) { chunk throws -> [UInt8] in
            var part: [UInt8] = []
            part.reserveCapacity(chunk.count * 4096)
            for (key, event) in try Self.events(of: chunk, in: ledger) {
                // As a parsed list: an event recorded without its object (metadata-level audit)
                // is not an item.
                guard let body = event.body else { continue }
                let mark = part.count
                if mark > 0 { part.append(UInt8(ascii: ",")) }
                if !Self.appendItem(body: body, key: key, event: event, entry: entry, to: &part) {
                    part.removeSubrange(mark...)
                }
            }
            return part
        }
        out.reserveCapacity(out.count + parts.reduce(0) { $0 + $1.count + 1 } + 2)
        for part in parts where !part.isEmpty {
            if out.last != UInt8(ascii: "[") { out.append(UInt8(ascii: ",")) }
            out += part
        }
        out += "]}".utf8
        return Reply(status: 200, contentType: "application/json", body: .bytes(out))
    }

    /// A JSON list's own fields and the opening of its `items`: `{"kind":…,"items":[`.
    static func listHead(entry: ResourceCatalog.Entry, view: HistoryPoint, next: String?, remaining: Int?) -> [UInt8] {
        var metadata = JSONObject([("resourceVersion", .string(String(view.revision)))])
        if let next { metadata["continue"] = .string(next) }
        if let remaining { metadata["remainingItemCount"] = .number(String(remaining)) }
        var out = JSONWriter().bytes(
            .object(
                JSONObject([
                    ("kind", .string(entry.kind + "List")), ("apiVersion", .string(entry.apiVersion)),
                    ("metadata", .object(metadata)),
                ])))
        out.removeLast()  // the closing brace
        out += #","items":["#.utf8
        return out
    }

    /// One list item from its stored bytes with only its metadata rewritten
    /// (``ServedObject/bytes(body:namespace:event:)``): the same bytes as writing the parsed
    /// object, without parsing and writing it whole. `false` (nothing appended) when the body is
    /// not a JSON object, which a parsed list leaves out too.
    @discardableResult
    static func appendItem(
        body: [UInt8], key: ObjectKey, event: RecordedEvent, entry: ResourceCatalog.Entry, to out: inout [UInt8]
    ) -> Bool {
        if ServedObject.append(body: body, namespace: key.namespace, event: event, to: &out) { return true }
        // Not an object with its metadata, apiVersion and kind: parsed whole and completed.
        guard let whole = try? JSONReader.parse(body, maxDepth: 10_000), case .object = whole else { return false }
        out += JSONWriter().bytes(ServedObject.value(History.namespaced(whole, key), event: event, entry: entry))
        return true
    }

    /// One page of a LIST in the API server's order: the objects after the key `after` (from the
    /// start when `nil`), at most `limit`; the key to continue after when more remain, and (without
    /// selectors, as the API server) how many.
    ///
    /// Only the keys of the whole view are read; objects are read and parsed for the page alone.
    func listPage(
        _ q: ObjectQuery, at view: HistoryPoint, after: [UInt8]?, limit: Int?, metadataOnly: Bool
    ) throws -> (objects: [HistoricalObject], next: [UInt8]?, remaining: Int?) {
        let ordered = try orderedEntries(q, at: view)
        var index = Self.firstIndex(after: after, in: ordered)
        let selects = q.labelSelector != nil || q.fieldSelector != nil
        var objects: [HistoricalObject] = []
        var lastTaken: [UInt8]?
        while index < ordered.count {
            let wanted = limit.map { $0 - objects.count } ?? ordered.count
            if wanted <= 0 { break }
            // Without selectors every entry is an object of the page; with them, read ahead.
            let chunk = ordered[index..<min(ordered.count, index + (selects ? max(wanted, 500) : wanted))]
            let found = try history.objects(q, entries: chunk.map(\.entry), metadataOnly: metadataOnly)
            if found.count > wanted {
                // Resume just after the last object served.
                objects += found.prefix(wanted)
                let served = Self.orderKey(found[wanted - 1].key)
                lastTaken = served
                index = chunk.firstIndex { $0.order == served }.map { $0 + 1 } ?? chunk.endIndex
                break
            }
            objects += found
            index = chunk.endIndex
            lastTaken = chunk.last?.order
        }
        guard index < ordered.count, let lastTaken else { return (objects, nil, nil) }
        return (objects, lastTaken, selects ? nil : ordered.count - index)
    }

    /// The index of the first entry of `ordered` past the key `after` (0 without one): a binary
    /// search, the order being total.
    static func firstIndex(
        after: [UInt8]?, in ordered: [(order: [UInt8], entry: (key: ObjectKey, revision: UInt64))]
    )
        -> Int
    {
        guard let after else { return 0 }
        var index = 0
        var high = ordered.count
        while index < high {
            let mid = (index + high) / 2
            if after.lexicographicallyPrecedes(ordered[mid].order) { high = mid } else { index = mid + 1 }
        }
        return index
    }

    /// A boolean parameter as the API server reads it: true unless absent, empty, `0` or
    /// `false` (python's client sends `True`).
    static func flag(_ value: String?) -> Bool {
        guard let v = value?.lowercased() else { return false }
        return !(v.isEmpty || v == "0" || v == "false")
    }

    /// Objects in the API server's list order: the bytes of `namespace/name` (etcd's key order).
    public static func apiOrder(_ objects: [HistoricalObject]) -> [HistoricalObject] {
        objects.map { (orderKey($0.key), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
    }

    /// The entries of `q`'s scope live in `view`, in the API server's list order, each with its
    /// order key: computed for a list's first page, kept for the pages after it (``ListViewCache``).
    func orderedEntries(
        _ q: ObjectQuery, at view: HistoryPoint
    ) throws -> [(order: [UInt8], entry: (key: ObjectKey, revision: UInt64))] {
        try lists.ordered(q, at: view) { Self.apiOrder(try history.liveEntries(q, at: view)) }
    }

    /// Live entries in the API server's list order, each with its order key.
    static func apiOrder(
        _ entries: [(key: ObjectKey, revision: UInt64)]
    ) -> [(order: [UInt8], entry: (key: ObjectKey, revision: UInt64))] {
        entries.map { (orderKey($0.key), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }
            .map { (order: $0.0, entry: $0.1) }
    }

    /// The API server's list order key of an object: `namespace/name`, or `name` when
    /// cluster-scoped.
    static func orderKey(_ key: ObjectKey) -> [UInt8] {
        Array((key.namespace.isEmpty ? key.name : key.namespace + "/" + key.name).utf8)
    }

    /// The state a point shows: the head for the live view, the point for `/at/`, the start for
    /// `/replay/`.
    func resolve(_ point: APIPath.Point) throws -> HistoryPoint {
        switch point {
        case .live: return try history.point(nil)
        case .at(let p): return try history.point(p)
        case .replay(let from, _): return try history.point(from)
        }
    }

    // MARK: - Access reviews

    /// `SelfSubjectAccessReview` and `SelfSubjectRulesReview`: allowed for get, list and watch.
    func accessReview(_ kind: String) -> Reply {
        let verbs: JSONValue = .array([.string("get"), .string("list"), .string("watch")])
        if kind == "selfsubjectrulesreviews" {
            let rule = JSONValue.object(
                JSONObject([
                    ("verbs", verbs), ("apiGroups", .array([.string("*")])), ("resources", .array([.string("*")])),
                ]))
            return .json(
                .object(
                    JSONObject([
                        ("kind", .string("SelfSubjectRulesReview")), ("apiVersion", .string("authorization.k8s.io/v1")),
                        ("metadata", .object(JSONObject())), ("spec", .object(JSONObject())),
                        (
                            "status",
                            .object(
                                JSONObject([
                                    ("resourceRules", .array([rule])), ("nonResourceRules", .array([])),
                                    ("incomplete", .bool(false)),
                                ]))
                        ),
                    ])), status: 201)
        }
        return .json(
            .object(
                JSONObject([
                    ("kind", .string("SelfSubjectAccessReview")), ("apiVersion", .string("authorization.k8s.io/v1")),
                    ("metadata", .object(JSONObject())), ("spec", .object(JSONObject())),
                    (
                        "status",
                        .object(
                            JSONObject([
                                ("allowed", .bool(true)),
                                (
                                    "reason",
                                    .string("kubeledger serves history read-only: get, list and watch are allowed")
                                ),
                            ]))
                    ),
                ])), status: 201)
    }
}
