public import Ledger

/// Turns a watch stream into events: `kubectl get … -w -o json --output-watch-events`
/// (`{"type":…,"object":…}` values), or a plain object stream from `kubectl get … -w -o json`.
///
/// Values may be one per line or pretty-printed over many lines, one after another (kubectl
/// indents its JSON). A top-level JSON array, or a `List`, is read as a plain object stream.
///
/// Mapping (k8s-semantics §7.2, §8 #52):
/// - `ADDED` → `create`, `MODIFIED` → `update`, `DELETED` → `delete` (body = the last state);
///   `BOOKMARK` is skipped (``SkipReason/bookmark``); `ERROR` (for example 410 Gone) is a reject
///   whose message says to re-list. The initial `ADDED` events of a watch are synthetic; they
///   are still `create`s here, and the store's duplicate and state checks absorb them.
/// - Plain objects: `create` the first time this adapter sees the object's uid, `update` after.
///   The adapter remembers uids across ``read(_:_:)`` calls, so feed one stream through one
///   adapter.
/// - Event id `uid/resourceVersion/TYPE` (`TYPE` = `ADDED`, `MODIFIED` or `DELETED`, also for
///   plain objects); `namespace/name` stands in for a missing uid.
/// - `occurredAt`: ``arrivalTime`` when given; otherwise ``ObjectClock/latestTime(in:)-(UnsafeRawBufferPointer)``
///   of the object (its latest own timestamp); a record with neither is rejected.
public struct WatchStreamAdapter: Sendable {
    /// The input's name (file path or `-`).
    public var source: String
    /// The time to stamp on every event (the arrival time), or `nil` to use the object's own times.
    public var arrivalTime: Timestamp?
    /// Whether events get the ``Annotation/importFile`` and ``Annotation/importLine`` annotations.
    public var addsImportAnnotations: Bool
    /// The time used for an object that carries no timestamp at all when no ``arrivalTime`` is
    /// given (the CLI passes the time the stream is read: a live pipe arrives now).
    public var fallbackTime: Timestamp?
    /// Uids seen as plain objects so far.
    private var seenUIDs: Set<String> = []

    /// An adapter for input named `source`.
    public init(source: String, arrivalTime: Timestamp? = nil, addsImportAnnotations: Bool = true) {
        self.source = source
        self.arrivalTime = arrivalTime
        self.addsImportAnnotations = addsImportAnnotations
    }

    /// Reads `bytes` and calls `emit` with each item, in input order.
    public mutating func read(_ bytes: UnsafeRawBufferPointer, _ emit: (IngestItem) -> Void) {
        let scanner = InputScanner(bytes: bytes, source: source)
        var seen = seenUIDs
        scanner.forEachValue(
            { (reader: inout JSONReader, line: Int, out: inout [IngestItem]) throws(JSONSyntaxError) in
                try readTopLevel(&reader, line: line, scanner: scanner, seen: &seen, out: &out)
            }, emit: emit)
        seenUIDs = seen
    }

    /// Reads `bytes` and returns the items, in input order.
    public mutating func items(in bytes: [UInt8]) -> [IngestItem] {
        var items: [IngestItem] = []
        bytes.withUnsafeBytes { b in read(b) { items.append($0) } }
        return items
    }

    private func readTopLevel(
        _ reader: inout JSONReader, line: Int, scanner: InputScanner, seen: inout Set<String>, out: inout [IngestItem]
    ) throws(JSONSyntaxError) {
        let walk = TopLevelWalk(scanner: scanner, source: source)
        if reader.peek == UInt8(ascii: "[") {
            return try walk.readArray(&reader, out: &out) { range, env, _, l in
                plain(range, env, line: l, scanner: scanner, seen: &seen)
            }
        }
        guard try walk.expectObject(&reader, line: line, expected: "a watch event or object", out: &out) else { return }
        let start = reader.position
        var type: String?
        var object: (range: Range<Int>, env: ObjectEnvelope)?
        var problem: (field: String, message: String)?
        try reader.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            switch key {
            case "type": type = try r.readStringField("type", problem: &problem)
            case "object":
                r.skipWhitespace()
                guard r.peek == UInt8(ascii: "{") else { return try r.skipValue() }
                let s = r.position
                let env = try r.readEnvelope(collectItems: false)
                object = (s..<r.position, env)
            default: try r.skipValue()
            }
        }
        guard let object, type != nil || problem != nil else {
            // A plain object: read its envelope (and list items) in a second pass.
            var r = JSONReader(bytes: scanner.bytes)
            r.position = start
            try walk.readObject(&r, line: line, out: &out) { range, env, _, l in
                plain(range, env, line: l, scanner: scanner, seen: &seen)
            }
            return
        }
        if let problem {
            out.append(.rejected(IngestError(file: source, line: line, field: problem.field, message: problem.message)))
            return
        }
        let verb: Verb
        switch type {
        case "ADDED": verb = .create
        case "MODIFIED": verb = .update
        case "DELETED": verb = .delete
        case "BOOKMARK":
            out.append(.skipped(reason: .bookmark, line: line))
            return
        case "ERROR":
            out.append(.rejected(watchError(object.range, line: line, scanner: scanner)))
            return
        default:
            out.append(
                .rejected(
                    IngestError(
                        file: source, line: line, field: "type", message: "unknown watch event type \(type ?? "")")))
            return
        }
        out.append(event(verb, type: type!, object.range, object.env, line: line, scanner: scanner))
    }

    private func plain(
        _ range: Range<Int>, _ env: ObjectEnvelope, line: Int, scanner: InputScanner, seen: inout Set<String>
    ) -> IngestItem {
        if env.kind == "Status" {
            return .rejected(
                watchError(
                    range, line: line, scanner: scanner, prefix: "a Status object (an error response), not an object"))
        }
        let key = env.uid ?? "\(env.namespace ?? "")/\(env.name ?? "")"
        let first = seen.insert(key).inserted
        return event(
            first ? .create : .update, type: first ? "ADDED" : "MODIFIED", range, env, line: line, scanner: scanner)
    }

    private func event(
        _ verb: Verb, type: String, _ range: Range<Int>, _ env: ObjectEnvelope, line: Int, scanner: InputScanner
    ) -> IngestItem {
        guard let kind = env.kind, !kind.isEmpty else {
            return .rejected(
                IngestError(
                    file: source, line: line, field: "object.kind",
                    message: "missing; watch objects must say their kind (use kubectl's -o json)"))
        }
        guard let apiVersion = env.apiVersion, !apiVersion.isEmpty else {
            return .rejected(IngestError(file: source, line: line, field: "object.apiVersion", message: "missing"))
        }
        guard let name = env.name, !name.isEmpty else {
            return .rejected(IngestError(file: source, line: line, field: "object.metadata.name", message: "missing"))
        }
        guard
            let at = arrivalTime ?? ObjectClock.latestTime(in: UnsafeRawBufferPointer(rebasing: scanner.bytes[range]))
                ?? fallbackTime
        else {
            return .rejected(
                IngestError(
                    file: source, line: line, field: "object.metadata",
                    message: "no timestamp in the object; pass the arrival time (--at)"))
        }
        let ref = ObjectReference(
            apiVersion: apiVersion, kind: kind, namespace: env.namespace ?? "", name: name, uid: env.uid ?? "")
        let rv = env.resourceVersion ?? ""
        let identity = ref.uid.isEmpty ? "\(ref.namespace)/\(ref.name)" : ref.uid
        var annotations: [Annotation] = []
        if addsImportAnnotations {
            annotations.append(Annotation(Annotation.importFile, source))
            annotations.append(Annotation(Annotation.importLine, String(line)))
        }
        let e = NewEvent(
            verb: verb, object: ref, resourceVersion: rv, occurredAt: at, source: .watch,
            eventID: "\(identity)/\(rv)/\(type)", annotations: annotations, body: scanner.copy(range))
        return .event(e, line: line)
    }

    private func watchError(
        _ range: Range<Int>, line: Int, scanner: InputScanner, prefix: String = "watch ERROR"
    ) -> IngestError {
        let status = try? JSONReader.parse(UnsafeRawBufferPointer(rebasing: scanner.bytes[range]))
        let code = status?["code"]?.intValue
        let message = status?["message"]?.stringValue ?? status?["reason"]?.stringValue ?? "no message"
        var text = "\(prefix): \(message)"
        if let code { text += " (code \(code))" }
        if code == 410 || status?["reason"]?.stringValue == "Expired" || status?["reason"]?.stringValue == "Gone" {
            text +=
                """
                ; the watch fell too far behind: re-list with `kubectl get … -o json | kubeledger import list -`, \
                then start a new watch
                """
        }
        return IngestError(file: source, line: line, field: prefix == "watch ERROR" ? "object" : nil, message: text)
    }
}
