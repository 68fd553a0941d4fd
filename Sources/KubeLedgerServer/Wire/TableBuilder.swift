public import KubeLedger
public import Ledger

/// The server-side `Table` kubectl asks for (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`):
/// the same columns and cells as `kubeledger get` (``GetView``), the `-o wide` ones at priority 1
/// (last, except for Events, where kubectl interleaves them),
/// and each row's object as `PartialObjectMetadata`, from which kubectl takes the namespace of
/// `-A` (the whole served object with `includeObject=Object`, which kubectl asks for when it sorts
/// rows itself, `--sort-by`).
public enum TableBuilder {
    /// A Table of `objects` (served values, with their stored bodies) of `kind`, AGE as of `time`.
    ///
    /// - Parameters:
    ///   - remainingItemCount: how many objects the pages after this one hold, when known.
    ///   - wholeObjects: put each served object in its row instead of its metadata.
    ///   - withColumns: whether to include the column definitions; a watch sends them with its
    ///     first event only, as the API server does (`null` afterwards).
    public static func table(
        kind: String, objects: [(served: JSONValue, original: JSONValue, body: [UInt8])], at time: Timestamp,
        resourceVersion: String, continueToken: String? = nil, remainingItemCount: Int? = nil,
        wholeObjects: Bool = false, withColumns: Bool = true
    ) -> JSONValue {
        let definitions: [JSONValue] = GetView.columnDefinitions(of: kind).map { column in
            .object(
                JSONObject([
                    ("name", .string(column.name)), ("type", .string("string")),
                    ("format", .string(column.name == "NAME" ? "name" : "")), ("description", .string(column.name)),
                    ("priority", .number(String(column.priority))),
                ]))
        }
        let rows: [JSONValue] = objects.map { o in
            let cells = GetView.tableCells(kind: kind, object: o.original, at: time, body: o.body)
            return .object(
                JSONObject([
                    ("cells", .array(cells.map { .string($0) })),
                    ("object", wholeObjects ? o.served : ServedObject.partialMetadata(o.served)),
                ]))
        }
        var metadata = JSONObject([("resourceVersion", .string(resourceVersion))])
        if let continueToken { metadata["continue"] = .string(continueToken) }
        if let remainingItemCount { metadata["remainingItemCount"] = .number(String(remainingItemCount)) }
        return .object(
            JSONObject([
                ("kind", .string("Table")), ("apiVersion", .string("meta.k8s.io/v1")), ("metadata", .object(metadata)),
                ("columnDefinitions", withColumns ? .array(definitions) : .null), ("rows", .array(rows)),
            ]))
    }
}
