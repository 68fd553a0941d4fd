public import Ledger

/// Turns a Kubernetes audit log into events: `audit.k8s.io/v1` (and `v1beta1`, and records with
/// no `apiVersion`) `Event` JSON lines, or one `EventList` document, or one JSON array of events.
///
/// Mapping (DESIGN "Ingest", k8s-semantics §7.3–§7.4, §8 #46–#51):
/// - Only `stage: ResponseComplete` records of the mutating verbs `create`, `update`, `patch`,
///   `delete`, `deletecollection` with a 2xx `responseStatus.code` become events. Everything else
///   is a counted ``SkipReason`` (checked in this order): other stage, non-resource request, read
///   verb, not a mutation (other verbs; `exec`, `attach`, `portforward`, `proxy`, `log`, `token`
///   subresources), failed request, dry run (`dryRun=` in `requestURI`).
/// - The body is the `responseObject` when it is the object itself (not a `Status`, `Scale` or
///   other kind), else the `requestObject` for `create` and `update`, else `nil` (Metadata level,
///   patches logged at Request level, deletes answered with a `Status`). Bytes are sliced from
///   the input, never re-serialised.
/// - Kind: `KubeKind.forResource(objectRef.resource, objectRef.apiGroup)`; for an unknown
///   resource the `kind` of the object in the record, else ``KubeKind/derivedKindName(forResource:)``.
/// - Name, namespace, uid: from `objectRef`, filled from the response (then request) object when
///   empty, so a `generateName` create takes its name from the response (§8 #48); a create whose
///   name stays unknown is skipped as ``SkipReason/unnamedObject``.
/// - `resourceVersion`: the response object's (the version the mutation produced), else empty.
/// - `deletecollection` with a list response: one `delete` per item, event id `auditID/uid`
///   (or `auditID/namespace/name`); without items it is skipped (``SkipReason/collectionWithoutItems``).
/// - `create` on `pods/binding` (the scheduler's bind, §8 #51) is recorded as an `update` of the
///   pod with subresource `binding`, body `nil` unless the record holds a Pod, and the node in the
///   annotation ``AuditLogAdapter/bindingNodeAnnotation``. `create` on `pods/eviction` is recorded
///   as a `delete` of the pod with subresource `eviction` (the API server's delete is not audited
///   separately). Other subresources (`status`, `scale`, `approval`, `finalize`, …) keep the verb
///   and are stored in ``NewEvent/subresource``; a `Scale` response is not used as the body.
/// - Who: `user.username` and `user.groups`; with `impersonatedUser`, the impersonated user and
///   groups, and the real user in the annotation ``AuditLogAdapter/impersonatorAnnotation``.
///   `userAgent`, the first of `sourceIPs`, `auditID` as the event id.
/// - When: `stageTimestamp`, else the legacy `timestamp`, else `requestReceivedTimestamp`.
/// - Annotations ``Annotation/importFile`` and ``Annotation/importLine`` name the input.
///
/// `AdmissionReview` records (kube-audit-rest) are rejected with a message: they are admission
/// requests, logged before the API server decides, so they do not say whether the change
/// happened.
///
/// ```swift
/// let adapter = AuditLogAdapter(source: "audit.log")
/// adapter.read(bytes) { item in … }
/// ```
public struct AuditLogAdapter: Sendable {
    /// The input's name (file path or `-`), used in rejects and the import annotations.
    public var source: String
    /// Whether events get the ``Annotation/importFile`` and ``Annotation/importLine`` annotations.
    public var addsImportAnnotations: Bool

    /// The annotation holding the real user of an impersonated request.
    public static let impersonatorAnnotation = "kubeledger.io/impersonated-by"
    /// The annotation holding the node of a `pods/binding` create.
    public static let bindingNodeAnnotation = "kubeledger.io/binding-node"

    /// An adapter for input named `source`.
    public init(source: String, addsImportAnnotations: Bool = true) {
        self.source = source
        self.addsImportAnnotations = addsImportAnnotations
    }

    /// Reads `bytes` and calls `emit` with each item, in input order.
    public func read(_ bytes: UnsafeRawBufferPointer, _ emit: (IngestItem) -> Void) {
        let scanner = InputScanner(bytes: bytes, source: source)
        scanner.forEachValue(
            { (reader: inout JSONReader, line: Int, out: inout [IngestItem]) throws(JSONSyntaxError) in
                try readTopLevel(&reader, line: line, scanner: scanner, out: &out)
            }, emit: emit)
    }

    /// Reads `bytes` and returns the items, in input order.
    public func items(in bytes: [UInt8]) -> [IngestItem] {
        var items: [IngestItem] = []
        bytes.withUnsafeBytes { b in read(b) { items.append($0) } }
        return items
    }

    // MARK: - Reading

    private func readTopLevel(
        _ reader: inout JSONReader, line: Int, scanner: InputScanner, out: inout [IngestItem]
    ) throws(JSONSyntaxError) {
        switch reader.peek {
        case UInt8(ascii: "{"):
            try readEvent(&reader, line: line, scanner: scanner, out: &out)
        case UInt8(ascii: "["):
            var lines = InputScanner.LineCounter(bytes: scanner.bytes)
            _ = lines.line(at: reader.position)
            lines.line = line
            try reader.readArray { (r: inout JSONReader) throws(JSONSyntaxError) in
                r.skipWhitespace()
                let l = lines.line(at: r.position)
                if r.peek == UInt8(ascii: "{") {
                    try readEvent(&r, line: l, scanner: scanner, out: &out)
                } else {
                    let kind = r.nextValueKind
                    try r.skipValue()
                    out.append(
                        .rejected(
                            IngestError(file: source, line: l, message: "expected an audit event object, found \(kind)")
                        ))
                }
            }
        default:
            let kind = reader.nextValueKind
            try reader.skipValue()
            out.append(
                .rejected(
                    IngestError(file: source, line: line, message: "expected an audit event object, found \(kind)")))
        }
    }

    private func readEvent(
        _ reader: inout JSONReader, line: Int, scanner: InputScanner, out: inout [IngestItem]
    ) throws(JSONSyntaxError) {
        var record = AuditRecord()
        try record.read(&reader, scanner: scanner)
        if record.kind == "EventList" || (record.kind == nil && record.verb == nil && record.items != nil),
            let items = record.items
        {
            var sub = JSONReader(bytes: scanner.bytes)
            sub.position = items.lowerBound
            var lines = InputScanner.LineCounter(bytes: scanner.bytes)
            try sub.readArray { (r: inout JSONReader) throws(JSONSyntaxError) in
                r.skipWhitespace()
                let l = lines.line(at: r.position)
                if r.peek == UInt8(ascii: "{") {
                    try readEvent(&r, line: l, scanner: scanner, out: &out)
                } else {
                    let kind = r.nextValueKind
                    try r.skipValue()
                    out.append(
                        .rejected(
                            IngestError(
                                file: source, line: l, field: "items",
                                message: "expected an audit event object, found \(kind)")))
                }
            }
            return
        }
        out.append(contentsOf: map(record, line: line, scanner: scanner))
    }

    // MARK: - Mapping

    private static let readVerbs: Set<String> = ["get", "list", "watch"]
    private static let mutatingVerbs: Set<String> = ["create", "update", "patch", "delete", "deletecollection"]
    private static let connectSubresources: Set<String> = ["exec", "attach", "portforward", "proxy", "log", "token"]

    private func reject(_ line: Int, _ field: String?, _ message: String) -> [IngestItem] {
        [.rejected(IngestError(file: source, line: line, field: field, message: message))]
    }

    private func map(_ r: AuditRecord, line: Int, scanner: InputScanner) -> [IngestItem] {
        if let problem = r.problem { return reject(line, problem.field, problem.message) }
        if let kind = r.kind, kind != "Event" {
            if kind == "AdmissionReview" {
                return reject(
                    line, "kind",
                    """
                    AdmissionReview records (admission webhook logs such as kube-audit-rest) are not audit events: \
                    they are logged before the API server decides, so they cannot say whether a change happened; use \
                    the API server's audit log or a watch stream
                    """
                )
            }
            return reject(line, "kind", "expected an audit Event (audit.k8s.io/v1), found kind \(kind)")
        }
        if let v = r.apiVersion, !v.hasPrefix("audit.k8s.io/") {
            return reject(line, "apiVersion", "expected audit.k8s.io/v1 or audit.k8s.io/v1beta1, found \(v)")
        }
        guard let stage = r.stage else { return reject(line, "stage", "missing; is this an audit event?") }
        guard let verb = r.verb else { return reject(line, "verb", "missing; is this an audit event?") }
        if stage != "ResponseComplete" { return [.skipped(reason: .otherStage, line: line)] }
        guard r.hasObjectRef, let resource = r.resource, !resource.isEmpty else {
            return [.skipped(reason: .nonResource, line: line)]
        }
        if Self.readVerbs.contains(verb) { return [.skipped(reason: .readVerb, line: line)] }
        let subresource = r.subresource ?? ""
        guard Self.mutatingVerbs.contains(verb), !Self.connectSubresources.contains(subresource) else {
            return [.skipped(reason: .notAMutation, line: line)]
        }
        guard let code = r.code else {
            return reject(line, "responseStatus.code", "missing on a ResponseComplete record")
        }
        if !(200...299).contains(code) { return [.skipped(reason: .failed, line: line)] }
        if r.isDryRun { return [.skipped(reason: .dryRun, line: line)] }

        let timeText = r.stageTimestamp ?? r.timestamp ?? r.requestReceivedTimestamp
        guard let timeText else {
            return reject(line, "stageTimestamp", "missing (and no timestamp or requestReceivedTimestamp)")
        }
        guard let occurredAt = Timestamp(rfc3339: timeText) else {
            let field =
                r.stageTimestamp != nil
                ? "stageTimestamp" : r.timestamp != nil ? "timestamp" : "requestReceivedTimestamp"
            return reject(line, field, "not an RFC 3339 time: \(timeText)")
        }

        let group = r.apiGroup ?? ""
        let known = KubeKind.forResource(resource, group: group)
        let refVersion = r.refAPIVersion.map { v in group.isEmpty ? v : "\(group)/\(v)" }

        // Template for every event of this record.
        var actor = r.username ?? ""
        var groups = r.groups
        var annotations: [Annotation] = []
        if r.hasImpersonatedUser, let imp = r.impersonatedUsername {
            annotations.append(Annotation(Self.impersonatorAnnotation, actor))
            actor = imp
            groups = r.impersonatedGroups
        }
        if addsImportAnnotations {
            annotations.append(Annotation(Annotation.importFile, source))
            annotations.append(Annotation(Annotation.importLine, String(line)))
        }

        func event(
            _ verb: Verb, ref: ObjectReference, subresource: String, rv: String, id: String, body: [UInt8]?,
            extra: [Annotation] = []
        ) -> NewEvent {
            NewEvent(
                verb: verb, object: ref, subresource: subresource, resourceVersion: rv, occurredAt: occurredAt,
                actor: actor, groups: groups, userAgent: r.userAgent ?? "", sourceIP: r.sourceIP ?? "", source: .audit,
                eventID: id, annotations: extra.isEmpty ? annotations : annotations + extra, body: body)
        }

        if verb == "deletecollection" {
            guard let response = r.responseObject, let items = response.env.items, response.env.isList else {
                return [.skipped(reason: .collectionWithoutItems, line: line)]
            }
            let listKind =
                response.env.kind.map { $0.hasSuffix("List") && $0 != "List" ? String($0.dropLast(4)) : nil } ?? nil
            var result: [IngestItem] = []
            for item in items {
                let e = item.envelope
                let kind = known?.kind ?? e.kind ?? listKind ?? KubeKind.derivedKindName(forResource: resource)
                let ref = ObjectReference(
                    apiVersion: e.apiVersion ?? refVersion ?? response.env.apiVersion ?? "", kind: kind,
                    namespace: e.namespace ?? r.namespace ?? "", name: e.name ?? "", uid: e.uid ?? "")
                guard !ref.name.isEmpty else {
                    result.append(
                        .rejected(
                            IngestError(
                                file: source, line: line, field: "responseObject.items[].metadata.name",
                                message: "missing")))
                    continue
                }
                let id =
                    r.auditID.map { a in ref.uid.isEmpty ? "\(a)/\(ref.namespace)/\(ref.name)" : "\(a)/\(ref.uid)" }
                    ?? ""
                result.append(
                    .event(
                        event(
                            .delete, ref: ref, subresource: "", rv: e.resourceVersion ?? "", id: id,
                            body: scanner.copy(item.range)), line: line))
            }
            return result
        }

        // The object the record describes, if it holds one.
        func usable(_ o: (range: Range<Int>, env: ObjectEnvelope)?) -> (range: Range<Int>, env: ObjectEnvelope)? {
            guard let o, let kind = o.env.kind, kind != "Status", kind != "Scale", !o.env.isList else { return nil }
            if let known, kind != known.kind { return nil }
            if subresource == "binding" || subresource == "eviction", kind != "Pod" { return nil }
            return o
        }
        let response = usable(r.responseObject)
        let request =
            response == nil && (verb == "create" || verb == "update") && subresource != "binding"
                && subresource != "eviction"
            ? usable(r.requestObjectEnvelope(in: scanner)) : nil
        let object = response ?? request
        let kind = known?.kind ?? object?.env.kind ?? KubeKind.derivedKindName(forResource: resource)

        var name = r.name ?? ""
        if name.isEmpty { name = response?.env.name ?? request?.env.name ?? "" }
        if name.isEmpty {
            if verb == "create" { return [.skipped(reason: .unnamedObject, line: line)] }
            return reject(line, "objectRef.name", "missing, and no object in the record names it")
        }
        var namespace = r.namespace ?? ""
        if namespace.isEmpty { namespace = object?.env.namespace ?? "" }
        var uid = r.uid ?? ""
        if uid.isEmpty { uid = response?.env.uid ?? "" }
        let apiVersion = refVersion ?? object?.env.apiVersion ?? known?.apiVersion ?? ""
        let ref = ObjectReference(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name, uid: uid)

        var mapped: Verb
        var extra: [Annotation] = []
        switch (verb, subresource) {
        case ("create", "binding"):
            mapped = .update
            if let node = r.bindingNode(in: scanner) { extra.append(Annotation(Self.bindingNodeAnnotation, node)) }
        case ("create", "eviction"): mapped = .delete
        case ("create", ""): mapped = .create
        case ("create", _): mapped = .update
        default: mapped = Verb(name: verb) ?? .update
        }
        if verb == "delete" || mapped == .delete {
            // A delete's body is the object it returned (its last state), never the request.
            let body = response.map { scanner.copy($0.range) }
            return [
                .event(
                    event(
                        mapped, ref: ref, subresource: subresource, rv: response?.env.resourceVersion ?? "",
                        id: r.auditID ?? "", body: body, extra: extra), line: line)
            ]
        }
        let body = object.map { scanner.copy($0.range) }
        return [
            .event(
                event(
                    mapped, ref: ref, subresource: subresource, rv: response?.env.resourceVersion ?? "",
                    id: r.auditID ?? "", body: body, extra: extra), line: line)
        ]
    }
}

/// The fields of one audit record that ingest needs, read in one pass.
struct AuditRecord {
    var kind: String?
    var apiVersion: String?
    var auditID: String?
    var stage: String?
    var requestURI: String?
    var verb: String?
    var username: String?
    var groups: [String] = []
    var hasImpersonatedUser = false
    var impersonatedUsername: String?
    var impersonatedGroups: [String] = []
    var sourceIP: String?
    var userAgent: String?
    var hasObjectRef = false
    var resource: String?
    var namespace: String?
    var name: String?
    var uid: String?
    var apiGroup: String?
    var refAPIVersion: String?
    var subresource: String?
    var code: Int?
    var requestObjectRange: Range<Int>?
    var responseObject: (range: Range<Int>, env: ObjectEnvelope)?
    var stageTimestamp: String?
    var timestamp: String?
    var requestReceivedTimestamp: String?
    var items: Range<Int>?
    /// The first field with a wrong type.
    var problem: (field: String, message: String)?

    var isDryRun: Bool {
        // Most URIs have no query: look for the byte before walking Characters.
        guard let uri = requestURI, uri.utf8.contains(UInt8(ascii: "?")), let q = uri.firstIndex(of: "?") else {
            return false
        }
        for pair in uri[uri.index(after: q)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.first == "dryRun", parts.count == 2, !parts[1].isEmpty { return true }
        }
        return false
    }

    /// Whether the object bodies can be skipped without looking (the record is skipped anyway).
    private var bodiesUnneeded: Bool {
        if let stage, stage != "ResponseComplete" { return true }
        if let verb, verb == "get" || verb == "list" || verb == "watch" { return true }
        return false
    }

    mutating func read(_ reader: inout JSONReader, scanner: InputScanner) throws(JSONSyntaxError) {
        var p = problem
        try reader.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            switch key {
            case "kind": kind = try r.readStringField("kind", problem: &p)
            case "apiVersion": apiVersion = try r.readStringField("apiVersion", problem: &p)
            case "auditID": auditID = try r.readStringField("auditID", problem: &p)
            case "stage": stage = try r.readStringField("stage", problem: &p)
            case "requestURI": requestURI = try r.readStringField("requestURI", problem: &p)
            case "verb": verb = try r.readStringField("verb", problem: &p)
            case "userAgent": userAgent = try r.readStringField("userAgent", problem: &p)
            case "stageTimestamp": stageTimestamp = try r.readStringField("stageTimestamp", problem: &p)
            case "timestamp": timestamp = try r.readStringField("timestamp", problem: &p)
            case "requestReceivedTimestamp":
                requestReceivedTimestamp = try r.readStringField("requestReceivedTimestamp", problem: &p)
            case "sourceIPs":
                let ips = try r.readStringArray("sourceIPs", problem: &p)
                sourceIP = ips.first
            case "user":
                try Self.readUser(&r, field: "user", name: &username, groups: &groups, problem: &p)
            case "impersonatedUser":
                r.skipWhitespace()
                hasImpersonatedUser = r.peek == UInt8(ascii: "{")
                try Self.readUser(
                    &r, field: "impersonatedUser", name: &impersonatedUsername, groups: &impersonatedGroups, problem: &p
                )
            case "objectRef":
                r.skipWhitespace()
                guard r.peek == UInt8(ascii: "{") else {
                    if r.peek != UInt8(ascii: "n"), p == nil {
                        p = ("objectRef", "must be an object, not \(r.nextValueKind)")
                    }
                    try r.skipValue()
                    return
                }
                hasObjectRef = true
                try r.readObjectRawKeys { (r: inout JSONReader, k: JSONKey) throws(JSONSyntaxError) in
                    switch k {
                    case "resource": resource = try r.readStringField("objectRef.resource", problem: &p)
                    case "namespace": namespace = try r.readStringField("objectRef.namespace", problem: &p)
                    case "name": name = try r.readStringField("objectRef.name", problem: &p)
                    case "uid": uid = try r.readStringField("objectRef.uid", problem: &p)
                    case "apiGroup": apiGroup = try r.readStringField("objectRef.apiGroup", problem: &p)
                    case "apiVersion": refAPIVersion = try r.readStringField("objectRef.apiVersion", problem: &p)
                    case "subresource": subresource = try r.readStringField("objectRef.subresource", problem: &p)
                    default: try r.skipValue()
                    }
                }
            case "responseStatus":
                r.skipWhitespace()
                guard r.peek == UInt8(ascii: "{") else {
                    if r.peek != UInt8(ascii: "n"), p == nil {
                        p = ("responseStatus", "must be an object, not \(r.nextValueKind)")
                    }
                    try r.skipValue()
                    return
                }
                try r.readObjectRawKeys { (r: inout JSONReader, k: JSONKey) throws(JSONSyntaxError) in
                    guard k == "code" else { return try r.skipValue() }
                    r.skipWhitespace()
                    let kindOfValue = r.nextValueKind
                    let range = try r.captureValue()
                    if let c = scanner.parseInt(range) {
                        code = c
                    } else if p == nil {
                        p = (
                            "responseStatus.code",
                            kindOfValue == "a number" ? "not an integer" : "not a number (\(kindOfValue))"
                        )
                    }
                }
            case "requestObject", "responseObject":
                r.skipWhitespace()
                guard r.peek == UInt8(ascii: "{"), !bodiesUnneeded else { return try r.skipValue() }
                let start = r.position
                if key == "requestObject" {
                    // Only needed when the response holds no object: read its envelope later, on demand.
                    try r.skipValue()
                    requestObjectRange = start..<r.position
                    return
                }
                let collect = verb == nil || verb == "deletecollection"
                let env = try r.readEnvelope(collectItems: collect)
                responseObject = (start..<r.position, env)
            case "items":
                r.skipWhitespace()
                guard r.peek == UInt8(ascii: "[") else { return try r.skipValue() }
                items = try r.captureValue()
            default:
                try r.skipValue()
            }
        }
        problem = p
    }

    private static func readUser(
        _ r: inout JSONReader, field: String, name: inout String?, groups: inout [String],
        problem p: inout (field: String, message: String)?
    ) throws(JSONSyntaxError) {
        r.skipWhitespace()
        guard r.peek == UInt8(ascii: "{") else {
            if r.peek != UInt8(ascii: "n"), p == nil { p = (field, "must be an object, not \(r.nextValueKind)") }
            try r.skipValue()
            return
        }
        var n: String?
        var g: [String] = []
        var q = p
        try r.readObjectRawKeys { (r: inout JSONReader, k: JSONKey) throws(JSONSyntaxError) in
            switch k {
            case "username": n = try r.readStringField("\(field).username", problem: &q)
            case "groups": g = try r.readStringArray("\(field).groups", problem: &q)
            default: try r.skipValue()
            }
        }
        p = q
        name = n
        groups = g
    }

    /// The request object's range and envelope, read on demand.
    func requestObjectEnvelope(in scanner: InputScanner) -> (range: Range<Int>, env: ObjectEnvelope)? {
        guard let range = requestObjectRange, scanner.bytes[range.lowerBound] == UInt8(ascii: "{") else { return nil }
        var reader = JSONReader(bytes: scanner.bytes)
        reader.position = range.lowerBound
        guard let env = try? reader.readEnvelope(collectItems: false) else { return nil }
        return (range, env)
    }

    /// `requestObject.target.name` of a `pods/binding` create: the node.
    func bindingNode(in scanner: InputScanner) -> String? {
        guard let request = requestObjectRange else { return nil }
        var reader = JSONReader(bytes: scanner.bytes)
        reader.position = request.lowerBound
        var node: String?
        var ignored: (field: String, message: String)?
        do throws(JSONSyntaxError) {
            try reader.readObjectRawKeys { (r: inout JSONReader, k: JSONKey) throws(JSONSyntaxError) in
                guard k == "target" else { return try r.skipValue() }
                r.skipWhitespace()
                guard r.peek == UInt8(ascii: "{") else { return try r.skipValue() }
                try r.readObjectRawKeys { (r: inout JSONReader, k: JSONKey) throws(JSONSyntaxError) in
                    if k == "name" {
                        node = try r.readStringField("target.name", problem: &ignored)
                    } else {
                        try r.skipValue()
                    }
                }
            }
        } catch {
            return nil
        }
        return node
    }
}
