extension JSONReader {
    /// Parses `bytes` like ``parse(_:maxDepth:)-([UInt8],_)``, but when they hold an object keeps
    /// only its `metadata` members, without `metadata.managedFields`; every other value is skipped
    /// (validated, not built). The same bytes are accepted or refused as by a full parse, with
    /// the same nesting limit, and `metadata` lookups give the same values.
    ///
    /// For readers that need the tree's metadata only, such as a Pod table whose other columns
    /// are picked from the bytes (``GetView/needsOnlyMetadata(kind:)``): a pod's spec, status and
    /// managed fields are most of its bytes.
    public static func parseMetadata(_ bytes: [UInt8], maxDepth: Int = 256) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBytes { b in
            do throws(JSONSyntaxError) {
                var reader = JSONReader(bytes: b, maxDepth: maxDepth)
                reader.skipWhitespace()
                guard reader.peek == UInt8(ascii: "{") else { return .success(try parse(b, maxDepth: maxDepth)) }
                var object = JSONObject()
                try reader.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                    guard key == "metadata" else { return try r.skipValue() }
                    r.skipWhitespace()
                    guard r.peek == UInt8(ascii: "{") else {
                        return object.appendUnchecked(key.string, try r.parseValue())
                    }
                    var metadata = JSONObject()
                    try r.readObjectRawKeys { (m: inout JSONReader, field: JSONKey) throws(JSONSyntaxError) in
                        if field == "managedFields" { return try m.skipValue() }
                        metadata.appendUnchecked(field.string, try m.parseValue())
                    }
                    object.appendUnchecked(key.string, .object(metadata))
                }
                reader.skipWhitespace()
                if !reader.isAtEnd { throw reader.error("unexpected data after the JSON value") }
                return .success(.object(object))
            } catch { return .failure(error) }
        }
        return try result.get()
    }
}
