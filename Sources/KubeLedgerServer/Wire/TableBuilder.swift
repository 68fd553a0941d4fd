public import KubeLedger
public import Ledger

/// The server-side `Table` kubectl asks for (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`):
/// the same columns and cells as `kubeledger get` (``GetView``), the `-o wide` ones at priority 1,
/// and each row's object as `PartialObjectMetadata`, from which kubectl takes the namespace of
/// `-A`.
public enum TableBuilder {
    /// A Table of `objects` (served values, with their stored bodies) of `kind`, AGE as of `time`.
    public static func table(
        kind: String, objects: [(served: JSONValue, original: JSONValue, body: [UInt8])], at time: Timestamp,
        resourceVersion: String, continueToken: String? = nil
    ) -> JSONValue {
        let (standard, wide) = GetView.columns(of: kind)
        var definitions: [JSONValue] = []
        for (priority, names) in [(0, standard), (1, wide)] {
            for name in names {
                definitions.append(
                    .object(
                        JSONObject([
                            ("name", .string(name)), ("type", .string("string")),
                            ("format", .string(name == "NAME" ? "name" : "")), ("description", .string(name)),
                            ("priority", .number(String(priority))),
                        ])))
            }
        }
        let rows: [JSONValue] = objects.map { o in
            let (cells, wideCells) = GetView.cells(kind: kind, object: o.original, at: time, body: o.body)
            return .object(
                JSONObject([
                    ("cells", .array((cells + wideCells).map { .string($0) })),
                    ("object", ServedObject.partialMetadata(o.served)),
                ]))
        }
        var metadata = JSONObject([("resourceVersion", .string(resourceVersion))])
        if let continueToken { metadata["continue"] = .string(continueToken) }
        return .object(
            JSONObject([
                ("kind", .string("Table")), ("apiVersion", .string("meta.k8s.io/v1")), ("metadata", .object(metadata)),
                ("columnDefinitions", .array(definitions)), ("rows", .array(rows)),
            ]))
    }
}
