public import Ledger

/// Reads native event lines (`kubeledger append --format events`, and `kubeledger export`
/// output): one JSON object per line.
///
/// Fields: `verb` (required: `create`, `update`, `patch`, `delete`); `object` (the full object,
/// kept byte for byte) and/or `objectRef` (`{"apiVersion","kind","namespace","name","uid"}`; it
/// wins over the object's own metadata, and is required without `object`); `subresource`,
/// `resourceVersion` (default: the object's), `occurredAt` (required, RFC 3339 with up to 9
/// fraction digits), `recordedAt` (exports), `actor`, `groups`, `userAgent`, `sourceIP`, `source`
/// (`cli` by default), `eventID`, `annotations` (object of strings, order kept), `revision`
/// (exports; checked by the store). `objectVersion` and `hash` (written by exports) are accepted
/// and ignored. Any other field is rejected, so typos do not pass silently.
///
/// A line with `recordedAt` becomes ``IngestItem/restored(_:recordedAt:revision:line:)``,
/// otherwise ``IngestItem/event(_:line:)``. No annotation is added, so exports round-trip.
public struct NativeEventAdapter: Sendable {
    /// The input's name (file path or `-`).
    public var source: String

    /// An adapter for input named `source`.
    public init(source: String) { self.source = source }

    /// Reads `bytes` and calls `emit` with each item, in input order.
    public func read(_ bytes: UnsafeRawBufferPointer, _ emit: (IngestItem) -> Void) {
        let scanner = InputScanner(bytes: bytes, source: source)
        scanner.forEachValue(
            { (reader: inout JSONReader, line: Int, out: inout [IngestItem]) throws(JSONSyntaxError) in
                guard reader.peek == UInt8(ascii: "{") else {
                    let kind = reader.nextValueKind
                    try reader.skipValue()
                    out.append(
                        .rejected(
                            IngestError(file: source, line: line, message: "expected an event object, found \(kind)")))
                    return
                }
                out.append(try readLine(&reader, line: line, scanner: scanner))
            }, emit: emit)
    }

    /// Reads `bytes` and returns the items, in input order.
    public func items(in bytes: [UInt8]) -> [IngestItem] {
        var items: [IngestItem] = []
        bytes.withUnsafeBytes { b in read(b) { items.append($0) } }
        return items
    }

    private func readLine(
        _ reader: inout JSONReader, line: Int, scanner: InputScanner
    ) throws(JSONSyntaxError) -> IngestItem {
        var p: (field: String, message: String)?
        var verb: String?
        var subresource: String?
        var rv: String?
        var occurred: String?
        var recorded: String?
        var actor: String?
        var userAgent: String?
        var sourceIP: String?
        var sourceName: String?
        var eventID: String?
        var groups: [String] = []
        var annotations: [Annotation] = []
        var object: (range: Range<Int>, env: ObjectEnvelope)?
        var objectIsNull = false
        var ref: [String: String]?
        var revision: UInt64?
        try reader.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            switch key {
            case "verb": verb = try r.readStringField(key.string, problem: &p)
            case "subresource": subresource = try r.readStringField(key.string, problem: &p)
            case "resourceVersion": rv = try r.readStringField(key.string, problem: &p)
            case "occurredAt": occurred = try r.readStringField(key.string, problem: &p)
            case "recordedAt": recorded = try r.readStringField(key.string, problem: &p)
            case "actor": actor = try r.readStringField(key.string, problem: &p)
            case "userAgent": userAgent = try r.readStringField(key.string, problem: &p)
            case "sourceIP": sourceIP = try r.readStringField(key.string, problem: &p)
            case "source": sourceName = try r.readStringField(key.string, problem: &p)
            case "eventID": eventID = try r.readStringField(key.string, problem: &p)
            case "groups": groups = try r.readStringArray(key.string, problem: &p)
            case "objectVersion", "hash": try r.skipValue()
            case "revision":
                r.skipWhitespace()
                let range = try r.captureValue()
                if let v = scanner.parseInt(range), v > 0 {
                    revision = UInt64(v)
                } else if p == nil {
                    p = ("revision", "must be a positive integer")
                }
            case "annotations":
                r.skipWhitespace()
                guard r.peek == UInt8(ascii: "{") else {
                    if p == nil { p = ("annotations", "must be an object of strings, not \(r.nextValueKind)") }
                    return try r.skipValue()
                }
                try r.readObject { (r: inout JSONReader, k: String) throws(JSONSyntaxError) in
                    if let v = try r.readStringField("annotations[\"\(k)\"]", problem: &p) {
                        annotations.append(Annotation(k, v))
                    }
                }
            case "objectRef":
                r.skipWhitespace()
                guard r.peek == UInt8(ascii: "{") else {
                    if p == nil { p = ("objectRef", "must be an object, not \(r.nextValueKind)") }
                    return try r.skipValue()
                }
                var fields: [String: String] = [:]
                try r.readObject { (r: inout JSONReader, k: String) throws(JSONSyntaxError) in
                    guard ["apiVersion", "kind", "namespace", "name", "uid"].contains(k) else {
                        if p == nil {
                            p = ("objectRef.\(k)", "unknown field (expected apiVersion, kind, namespace, name, uid)")
                        }
                        return try r.skipValue()
                    }
                    if let v = try r.readStringField("objectRef.\(k)", problem: &p) { fields[k] = v }
                }
                ref = fields
            case "object":
                r.skipWhitespace()
                if r.peek == UInt8(ascii: "n") {
                    objectIsNull = true
                    return try r.skipValue()
                }
                guard r.peek == UInt8(ascii: "{") else {
                    if p == nil { p = ("object", "must be a JSON object, not \(r.nextValueKind)") }
                    return try r.skipValue()
                }
                let s = r.position
                let env = try r.readEnvelope(collectItems: false)
                object = (s..<r.position, env)
            default:
                try r.skipValue()
                if p == nil { p = (key.string, "unknown field") }
            }
        }
        _ = objectIsNull
        func reject(_ field: String?, _ message: String) -> IngestItem {
            .rejected(IngestError(file: source, line: line, field: field, message: message))
        }
        if let p { return reject(p.field, p.message) }
        guard let verbName = verb else { return reject("verb", "missing (create, update, patch or delete)") }
        guard let v = Verb(name: verbName) else {
            return reject("verb", "unknown verb \(verbName) (expected create, update, patch or delete)")
        }
        guard let occurredText = occurred else { return reject("occurredAt", "missing") }
        guard let occurredAt = Timestamp(rfc3339: occurredText) else {
            return reject("occurredAt", "not an RFC 3339 time: \(occurredText)")
        }
        var recordedAt: Timestamp?
        if let recorded {
            guard let t = Timestamp(rfc3339: recorded) else {
                return reject("recordedAt", "not an RFC 3339 time: \(recorded)")
            }
            recordedAt = t
        }
        var src = EventSource.cli
        if let sourceName {
            guard let s = EventSource(name: sourceName) else {
                return reject(
                    "source",
                    """
                    unknown source \(sourceName) (expected \
                    \(EventSource.allCases.map(\.description).joined(separator: ", ")))
                    """
                )
            }
            src = s
        }
        let env = object?.env
        let reference = ObjectReference(
            apiVersion: ref?["apiVersion"] ?? env?.apiVersion ?? "", kind: ref?["kind"] ?? env?.kind ?? "",
            namespace: ref?["namespace"] ?? env?.namespace ?? "", name: ref?["name"] ?? env?.name ?? "",
            uid: ref?["uid"] ?? env?.uid ?? "")
        let prefix = object == nil ? "objectRef" : "object"
        if reference.kind.isEmpty { return reject("\(prefix).kind", "missing") }
        if reference.apiVersion.isEmpty { return reject("\(prefix).apiVersion", "missing") }
        if reference.name.isEmpty {
            return reject(object == nil ? "objectRef.name" : "object.metadata.name", "missing")
        }
        let e = NewEvent(
            verb: v, object: reference, subresource: subresource ?? "",
            resourceVersion: rv ?? env?.resourceVersion ?? "",
            occurredAt: occurredAt, actor: actor ?? "", groups: groups, userAgent: userAgent ?? "",
            sourceIP: sourceIP ?? "",
            source: src, eventID: eventID ?? "", annotations: annotations, body: object.map { scanner.copy($0.range) })
        if let recordedAt { return .restored(e, recordedAt: recordedAt, revision: revision, line: line) }
        return .event(e, line: line)
    }
}
