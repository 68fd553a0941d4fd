public import Ledger

/// Turns a list snapshot (`kubectl get … -A -o json`: a `List` or typed `XxxList` with `items`;
/// also single objects and JSON arrays, one value after another) into observations.
///
/// Each item becomes an ``IngestItem/observed(_:line:)``: the store records it as a `create`
/// (unknown or deleted object), an `update` (its body differs from the ledger's latest), or
/// nothing (unchanged). Items of a typed list that omit `kind`/`apiVersion` (as the API server
/// returns them) take the list's kind without `List` and the list's `apiVersion`.
/// Event id `uid/resourceVersion/LIST`; `occurredAt` is ``observedAt`` when given, else the
/// object's latest own time (``ObjectClock``).
public struct ListSnapshotAdapter: Sendable {
    /// The input's name (file path or `-`).
    public var source: String
    /// When the snapshot was taken, or `nil` to use each object's own times.
    public var observedAt: Timestamp?
    /// Whether events get the ``Annotation/importFile`` and ``Annotation/importLine`` annotations.
    public var addsImportAnnotations: Bool

    /// An adapter for input named `source`.
    public init(source: String, observedAt: Timestamp? = nil, addsImportAnnotations: Bool = true) {
        self.source = source
        self.observedAt = observedAt
        self.addsImportAnnotations = addsImportAnnotations
    }

    /// Reads `bytes` and calls `emit` with each item, in input order.
    public func read(_ bytes: UnsafeRawBufferPointer, _ emit: (IngestItem) -> Void) {
        let scanner = InputScanner(bytes: bytes, source: source)
        let walk = TopLevelWalk(scanner: scanner, source: source)
        scanner.forEachValue(
            { (reader: inout JSONReader, line: Int, out: inout [IngestItem]) throws(JSONSyntaxError) in
                let visit = { (range: Range<Int>, env: ObjectEnvelope, list: ObjectEnvelope?, line: Int) in
                    observe(range, env, list: list, line: line, scanner: scanner)
                }
                if reader.peek == UInt8(ascii: "[") { return try walk.readArray(&reader, out: &out, visit) }
                guard try walk.expectObject(&reader, line: line, expected: "a List or an object", out: &out) else {
                    return
                }
                try walk.readObject(&reader, line: line, out: &out, visit)
            }, emit: emit)
    }

    /// Reads `bytes` and returns the items, in input order.
    public func items(in bytes: [UInt8]) -> [IngestItem] {
        var items: [IngestItem] = []
        bytes.withUnsafeBytes { b in read(b) { items.append($0) } }
        return items
    }

    private func observe(
        _ range: Range<Int>, _ env: ObjectEnvelope, list: ObjectEnvelope?, line: Int, scanner: InputScanner
    ) -> IngestItem {
        let listKind = list?.kind.flatMap { $0 != "List" && $0.hasSuffix("List") ? String($0.dropLast(4)) : nil }
        guard let kind = env.kind ?? listKind, !kind.isEmpty else {
            return .rejected(
                IngestError(file: source, line: line, field: "kind", message: "missing; cannot tell what the object is")
            )
        }
        if kind == "Status" {
            let status = try? JSONReader.parse(UnsafeRawBufferPointer(rebasing: scanner.bytes[range]))
            return .rejected(
                IngestError(
                    file: source, line: line,
                    message:
                        """
                        a Status object (an error response), not an object: \
                        \(status?["message"]?.stringValue ?? "no message")
                        """
                ))
        }
        guard let apiVersion = env.apiVersion ?? (listKind != nil ? list?.apiVersion : nil), !apiVersion.isEmpty else {
            return .rejected(IngestError(file: source, line: line, field: "apiVersion", message: "missing"))
        }
        guard let name = env.name, !name.isEmpty else {
            return .rejected(IngestError(file: source, line: line, field: "metadata.name", message: "missing"))
        }
        guard let at = observedAt ?? ObjectClock.latestTime(in: UnsafeRawBufferPointer(rebasing: scanner.bytes[range]))
        else {
            return .rejected(
                IngestError(
                    file: source, line: line, field: "metadata",
                    message: "no timestamp in the object; pass the snapshot time (--at)"))
        }
        let ref = ObjectReference(
            apiVersion: apiVersion, kind: kind, namespace: env.namespace ?? "", name: name, uid: env.uid ?? "")
        let rv = env.resourceVersion ?? ""
        var annotations: [Annotation] = []
        if addsImportAnnotations {
            annotations.append(Annotation(Annotation.importFile, source))
            annotations.append(Annotation(Annotation.importLine, String(line)))
        }
        let identity = ref.uid.isEmpty ? "\(ref.namespace)/\(ref.name)" : ref.uid
        let e = NewEvent(
            verb: .create, object: ref, resourceVersion: rv, occurredAt: at, source: .list,
            eventID: "\(identity)/\(rv)/LIST", annotations: annotations, body: scanner.copy(range))
        return .observed(e, line: line)
    }
}
