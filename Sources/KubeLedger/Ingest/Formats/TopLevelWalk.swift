/// The walk over one top-level JSON value that ``ListSnapshotAdapter`` and ``WatchStreamAdapter``
/// share: a JSON array of objects, a `List` (or typed `XxxList`) with `items`, or one object.
/// Each object found goes to a `visit` closure with its byte range, envelope, the list that holds
/// it (`nil` outside a list) and its 1-based line; anything that is not an object is rejected.
struct TopLevelWalk {
    /// The whole input.
    let scanner: InputScanner
    /// The input's name, for rejects.
    let source: String

    /// Reads the array at `reader`: each object element goes to `visit` (with no list), any other
    /// element is rejected as "expected an object".
    func readArray(
        _ reader: inout JSONReader, out: inout [IngestItem],
        _ visit: (Range<Int>, ObjectEnvelope, _ list: ObjectEnvelope?, _ line: Int) -> IngestItem
    ) throws(JSONSyntaxError) {
        var lines = InputScanner.LineCounter(bytes: scanner.bytes)
        try reader.readArray { (r: inout JSONReader) throws(JSONSyntaxError) in
            r.skipWhitespace()
            let l = lines.line(at: r.position)
            guard r.peek == UInt8(ascii: "{") else {
                let kind = r.nextValueKind
                try r.skipValue()
                out.append(.rejected(IngestError(file: source, line: l, message: "expected an object, found \(kind)")))
                return
            }
            let start = r.position
            let env = try r.readEnvelope(collectItems: false)
            out.append(visit(start..<r.position, env, nil, l))
        }
    }

    /// Whether the value at `reader` is an object; if not, skips it and rejects it as
    /// "expected `expected`".
    func expectObject(
        _ reader: inout JSONReader, line: Int, expected: String, out: inout [IngestItem]
    ) throws(JSONSyntaxError) -> Bool {
        guard reader.peek != UInt8(ascii: "{") else { return true }
        let kind = reader.nextValueKind
        try reader.skipValue()
        out.append(.rejected(IngestError(file: source, line: line, message: "expected \(expected), found \(kind)")))
        return false
    }

    /// Reads the object at `reader` (which starts on line `line`): each item of a `List` goes to
    /// `visit` with the list, any other object goes to `visit` whole.
    func readObject(
        _ reader: inout JSONReader, line: Int, out: inout [IngestItem],
        _ visit: (Range<Int>, ObjectEnvelope, _ list: ObjectEnvelope?, _ line: Int) -> IngestItem
    ) throws(JSONSyntaxError) {
        let start = reader.position
        let env = try reader.readEnvelope(collectItems: true)
        if env.isList, let items = env.items {
            var lines = InputScanner.LineCounter(bytes: scanner.bytes)
            for item in items {
                out.append(visit(item.range, item.envelope, env, lines.line(at: item.range.lowerBound)))
            }
        } else {
            out.append(visit(start..<reader.position, env, nil, line))
        }
    }
}
