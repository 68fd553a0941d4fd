import Ledger

/// Reads Kubernetes objects from JSON or YAML input: one object, a multi-document YAML, a `List`
/// or typed list (`DeploymentList`, whose items may lack `kind`), or a JSON array of objects.
///
/// Every problem is an ``InputError`` naming the input, line, document and field; an input
/// with any problem yields no object at all.
public struct ObjectDocumentReader: Sendable {
    public var limits: InputLimits
    /// The namespace given to namespaced objects that have none (kubectl's context namespace).
    public var defaultNamespace: String

    public init(limits: InputLimits = InputLimits(), defaultNamespace: String = "default") {
        self.limits = limits
        self.defaultNamespace = defaultNamespace
    }

    /// Parses every object of `input` (named `source` in errors: a path, or `-` for stdin).
    public func objects(from input: [UInt8], source: String) throws(InputError) -> [ParsedObject] {
        let result: Result<[ParsedObject], InputError> = input.withUnsafeBytes { bytes in
            do throws(InputError) { return .success(try objects(from: bytes, source: source)) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses every object of `bytes`.
    public func objects(from bytes: UnsafeRawBufferPointer, source: String) throws(InputError) -> [ParsedObject] {
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
            let (line, column) = UTF8Validation.lineAndColumn(of: bad, in: bytes)
            throw InputError(
                source: source, line: line,
                message: "invalid UTF-8 at column \(column) (byte offset \(bad)); KubeLedger reads UTF-8 JSON or YAML")
        }
        var start = 0
        // A UTF-8 byte order mark is allowed and ignored.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else {
            throw InputError(source: source, message: "empty input: no object to append")
        }
        var out: [ParsedObject] = []
        if bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[") {
            try readJSONStream(bytes, from: start, source: source, lineOffset: 0, documentBase: 0, into: &out)
        } else {
            let text = String(decoding: bytes, as: UTF8.self)
            let docs = try YAMLConverter(limits: limits).documents(text, source: source)
            for (i, doc) in docs.enumerated() {
                let result: Result<Void, InputError> = doc.json.withUnsafeBytes { b in
                    do throws(InputError) {
                        try readJSONStream(
                            b, from: 0, source: source, lineOffset: doc.line - 1, documentBase: i, fixedLine: doc.line,
                            into: &out)
                        return .success(())
                    } catch { return .failure(error) }
                }
                try result.get()
            }
        }
        guard !out.isEmpty else {
            throw InputError(
                source: source, message: "empty input: no object to append (only empty documents or an empty list)")
        }
        return out
    }

    /// Reads one or more concatenated JSON values (objects, lists, arrays).
    private func readJSONStream(
        _ bytes: UnsafeRawBufferPointer, from start: Int, source: String, lineOffset: Int, documentBase: Int,
        fixedLine: Int? = nil, into out: inout [ParsedObject]
    ) throws(InputError) {
        var reader = JSONReader(bytes: bytes, maxDepth: limits.maxDepth)
        reader.position = start
        var document = documentBase
        // Objects come in increasing offsets: count newlines from the last one asked about, not
        // from the start (a 20,000-item List would otherwise rescan megabytes per item).
        var lines = LineCounter(bytes: bytes)
        func lineOf(_ offset: Int) -> Int {
            fixedLine ?? lines.line(at: offset) + lineOffset
        }
        func syntax(_ e: JSONSyntaxError) -> InputError {
            let (line, column) = UTF8Validation.lineAndColumn(of: e.offset, in: bytes)
            return InputError(
                source: source, line: fixedLine ?? line + lineOffset,
                message: "malformed JSON at column \(column): \(e.message)")
        }
        while true {
            reader.skipWhitespace()
            if reader.isAtEnd { break }
            let valueStart = reader.position
            if reader.peek == UInt8(ascii: "[") {
                // A JSON array of objects.
                var ranges: [Range<Int>] = []
                do {
                    try reader.readArray { (r: inout JSONReader) throws(JSONSyntaxError) in
                        ranges.append(try r.captureValue())
                    }
                } catch { throw syntax(error) }
                for range in ranges {
                    document += 1
                    try readObject(
                        bytes, range: range, source: source, line: lineOf(range.lowerBound), document: document,
                        into: &out)
                }
                continue
            }
            guard reader.peek == UInt8(ascii: "{") else {
                throw InputError(
                    source: source, line: lineOf(valueStart), document: document + 1,
                    message: "expected a JSON object, found '\(Character(Unicode.Scalar(reader.peek)))'")
            }
            let envelope: ObjectEnvelope
            do { envelope = try reader.readEnvelope() } catch { throw syntax(error) }
            let range = valueStart..<reader.position
            if envelope.isList, let items = envelope.items {
                let itemKind = envelope.kind == "List" ? nil : String(envelope.kind!.dropLast(4))
                for item in items {
                    document += 1
                    try makeObject(
                        bytes, range: item.range, envelope: item.envelope, inheritKind: itemKind,
                        inheritAPIVersion: itemKind == nil ? nil : envelope.apiVersion, source: source,
                        line: lineOf(item.range.lowerBound), document: document, into: &out)
                }
            } else {
                document += 1
                try makeObject(
                    bytes, range: range, envelope: envelope, inheritKind: nil, inheritAPIVersion: nil, source: source,
                    line: lineOf(range.lowerBound), document: document, into: &out)
            }
        }
    }

    private func readObject(
        _ bytes: UnsafeRawBufferPointer, range: Range<Int>, source: String, line: Int, document: Int,
        into out: inout [ParsedObject]
    ) throws(InputError) {
        let sub = UnsafeRawBufferPointer(rebasing: bytes[range])
        var reader = JSONReader(bytes: sub, maxDepth: limits.maxDepth)
        guard reader.peek == UInt8(ascii: "{") else {
            throw InputError(source: source, line: line, document: document, message: "expected a JSON object")
        }
        let envelope: ObjectEnvelope
        do { envelope = try reader.readEnvelope(collectItems: false) } catch {
            throw InputError(
                source: source, line: line, document: document, message: "malformed JSON: \(error.message)")
        }
        try makeObject(
            bytes, range: range, envelope: envelope, inheritKind: nil, inheritAPIVersion: nil, source: source,
            line: line, document: document, into: &out)
    }

    private func makeObject(
        _ bytes: UnsafeRawBufferPointer, range: Range<Int>, envelope e: ObjectEnvelope, inheritKind: String?,
        inheritAPIVersion: String?, source: String, line: Int, document: Int, into out: inout [ParsedObject]
    ) throws(InputError) {
        func fail(_ field: String?, _ message: String) -> InputError {
            InputError(source: source, line: line, document: document, field: field, message: message)
        }
        let kind = e.kind ?? inheritKind
        let apiVersion = e.apiVersion ?? inheritAPIVersion
        guard let apiVersion, !apiVersion.isEmpty else {
            throw fail("apiVersion", "missing; every object needs apiVersion (e.g. apps/v1)")
        }
        guard let kind, !kind.isEmpty else { throw fail("kind", "missing; every object needs kind (e.g. Deployment)") }
        var name = e.name ?? ""
        if name.isEmpty {
            guard let generateName = e.generateName, !generateName.isEmpty else {
                throw fail("metadata.name", "missing (and no metadata.generateName); every object needs a name")
            }
            name = generateName + Self.generatedSuffix(UnsafeRawBufferPointer(rebasing: bytes[range]))
        }
        try Self.checkName(name, field: "metadata.name", fail: fail)
        let group = apiVersion.firstIndex(of: "/").map { String(apiVersion[..<$0]) } ?? ""
        var namespace = e.namespace ?? ""
        if namespace.isEmpty, KubeKind.isNamespaced(kind: kind, group: group) == true { namespace = defaultNamespace }
        if !namespace.isEmpty { try Self.checkName(namespace, field: "metadata.namespace", fail: fail) }

        var body = Self.compact(UnsafeRawBufferPointer(rebasing: bytes[range]))
        if e.kind == nil || e.apiVersion == nil {
            var prefix: [UInt8] = [UInt8(ascii: "{")]
            if e.apiVersion == nil {
                prefix += Array("\"apiVersion\":".utf8)
                JSONWriter.writeString(apiVersion, to: &prefix)
                prefix.append(UInt8(ascii: ","))
            }
            if e.kind == nil {
                prefix += Array("\"kind\":".utf8)
                JSONWriter.writeString(kind, to: &prefix)
                prefix.append(UInt8(ascii: ","))
            }
            if body.count == 2 { prefix.removeLast() }  // `{}` has no member to follow
            body = prefix + body[1...]
        }
        guard body.count <= limits.maxObjectBytes else {
            throw fail(
                nil,
                """
                object \(kind)/\(name) is \(body.count) bytes, over the \(limits.maxObjectBytes)-byte limit (etcd's \
                request limit; raise it with --max-object-bytes)
                """
            )
        }
        out.append(
            ParsedObject(
                reference: ObjectReference(
                    apiVersion: apiVersion, kind: kind, namespace: namespace, name: name, uid: e.uid ?? ""),
                resourceVersion: e.resourceVersion ?? "", changeCause: e.changeCause, body: body, line: line,
                document: document))
    }

    static func checkName(_ name: String, field: String, fail: (String?, String) -> InputError) throws(InputError) {
        if name.utf8.count > 253 { throw fail(field, "longer than 253 characters") }
        for b in name.utf8 where b == 0 || b == UInt8(ascii: "/") || b < 0x20 {
            throw fail(field, "'\(name)' contains a character Kubernetes does not allow in names")
        }
    }

    /// A deterministic 5-character suffix for `generateName` objects (Kubernetes' alphabet),
    /// derived from the object bytes so re-appending the same input yields the same name.
    static func generatedSuffix(_ bytes: UnsafeRawBufferPointer) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var s = ""
        for _ in 0..<5 {
            s.append(alphabet[Int(h % 27)])
            h /= 27
        }
        return s
    }

    /// Drops whitespace outside strings.
    static func compact(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let n = bytes.count
        guard n > 0, let base = bytes.baseAddress else { return [] }
        // Raw pointers and a tight loop per string: this runs over every input byte (it was a
        // quarter of `append -f`'s instructions with Array.append per byte).
        return [UInt8](unsafeUninitializedCapacity: n) { out, count in
            let src = base.assumingMemoryBound(to: UInt8.self)
            let dst = out.baseAddress!
            var i = 0
            var o = 0
            while i < n {
                let b = src[i]
                i += 1
                switch b {
                case 0x20, 0x0A, 0x09, 0x0D:
                    continue
                case UInt8(ascii: "\""):
                    // Copy the string through its closing quote; a backslash copies the next byte too.
                    dst[o] = b
                    o += 1
                    while i < n {
                        let c = src[i]
                        dst[o] = c
                        o += 1
                        i += 1
                        if c == UInt8(ascii: "\"") { break }
                        if c == UInt8(ascii: "\\"), i < n {
                            dst[o] = src[i]
                            o += 1
                            i += 1
                        }
                    }
                default:
                    dst[o] = b
                    o += 1
                }
            }
            count = o
        }
    }
}

/// The 1-based line of byte offsets asked for in increasing order, in time linear in the input.
struct LineCounter {
    let bytes: UnsafeRawBufferPointer
    private var offset = 0
    private var line = 1

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The line holding byte `target` (same answer as ``UTF8Validation/lineAndColumn(of:in:)``).
    mutating func line(at target: Int) -> Int {
        let end = min(target, bytes.count)
        if end < offset {
            offset = 0
            line = 1
        }
        var i = offset
        var n = line
        while i < end {
            if bytes[i] == 0x0A { n += 1 }
            i += 1
        }
        offset = end
        line = n
        return n
    }
}
