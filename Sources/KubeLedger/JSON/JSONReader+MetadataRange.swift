extension JSONReader {
    /// Where a top-level object's `metadata` object sits in `bytes`, with the object's other
    /// top-level keys: enough to rewrite `metadata` and copy the rest of the object verbatim
    /// (`nil` when `bytes` is not an object or `metadata` is absent or not an object).
    public static func metadataRange(
        _ bytes: [UInt8], maxDepth: Int = 10_000
    ) -> (range: Range<Int>, keys: Set<String>)? {
        bytes.withUnsafeBytes { b -> (range: Range<Int>, keys: Set<String>)? in
            var reader = JSONReader(bytes: b, maxDepth: maxDepth)
            reader.skipWhitespace()
            guard reader.peek == UInt8(ascii: "{") else { return nil }
            var range: Range<Int>?
            var keys = Set<String>()
            do throws(JSONSyntaxError) {
                try reader.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                    keys.insert(key.string)
                    r.skipWhitespace()
                    let start = r.position
                    let isObject = r.peek == UInt8(ascii: "{")
                    try r.skipValue()
                    if key == "metadata", isObject { range = start..<r.position }
                }
                reader.skipWhitespace()
                guard reader.isAtEnd else { return nil }
            } catch { return nil }
            return range.map { ($0, keys) }
        }
    }
}
