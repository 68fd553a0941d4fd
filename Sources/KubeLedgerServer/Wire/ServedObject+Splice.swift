import KubeLedger
import Ledger

extension ServedObject {
    /// Where the members `serve` rewrites sit in a stored object's bytes.
    private struct MetadataLayout {
        /// The `metadata` object, braces included.
        var metadata: Range<Int>
        /// Whether `metadata` has no member.
        var metadataIsEmpty = true
        /// `metadata.resourceVersion`'s string token, quotes included.
        var resourceVersion: Range<Int>?
        /// `metadata.annotations`, braces included.
        var annotations: Range<Int>?
        var annotationsIsEmpty = true
        /// The value of the ``ServedObject/resourceVersionAnnotation`` annotation.
        var annotation: Range<Int>?
        var hasNamespace = false
        /// `metadata.managedFields` with the comma that separates it from its neighbour (cut from
        /// a Table row's metadata, as ``JSONReader/parseMetadata(_:maxDepth:)`` leaves it out).
        var managedFields: Range<Int>?
        /// Whether `managedFields` is `metadata`'s only member.
        var managedFieldsAlone = false
    }

    /// ``bytes(body:namespace:event:)`` without parsing `metadata`: the stored bytes with the
    /// resourceVersion's token replaced and the annotation (and the namespace, when missing)
    /// inserted in place, the members the parsed rewrite would change, where it would put them.
    /// `nil` when the object is not in the plain shape this handles (escaped member names, a
    /// non-string resourceVersion, `annotations` not an object, repeated members); the caller
    /// then rewrites the parsed metadata.
    static func splice(body: [UInt8], namespace: String, event: RecordedEvent) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 96)
        return splice(body: body, namespace: namespace, event: event, to: &out) ? out : nil
    }

    /// ``splice(body:namespace:event:)`` appending to `out`; `false` (nothing appended) when
    /// the object is not in the plain shape it handles.
    static func splice(body: [UInt8], namespace: String, event: RecordedEvent, to out: inout [UInt8]) -> Bool {
        splice(body: body, namespace: namespace, event: event, metadataOnly: false, to: &out)
    }

    /// The served object's `metadata` alone, spliced as ``splice(body:namespace:event:to:)``
    /// would splice it, appended to `out` (a Table row's `PartialObjectMetadata`); `false`
    /// (nothing appended) when the object is not in the plain shape the splice handles.
    static func spliceMetadata(body: [UInt8], namespace: String, event: RecordedEvent, to out: inout [UInt8]) -> Bool {
        splice(body: body, namespace: namespace, event: event, metadataOnly: true, to: &out)
    }

    /// The splice, of the whole object or of its `metadata` alone (every edit lies inside it).
    private static func splice(
        body: [UInt8], namespace: String, event: RecordedEvent, metadataOnly: Bool, to out: inout [UInt8]
    ) -> Bool {
        guard let layout = body.withUnsafeBytes({ locate(in: $0) }) else { return false }
        // The cluster's own resourceVersion: the stored token's text (no escapes: checked), or
        // the event's when the object has none.
        let original: ArraySlice<UInt8>
        if let rv = layout.resourceVersion {
            original = body[(rv.lowerBound + 1)..<(rv.upperBound - 1)]
        } else {
            original = ArraySlice(event.resourceVersion.utf8)
        }
        let revision = #"""# + String(event.revision) + #"""#
        var annotationToken: [UInt8] = []
        if !original.isEmpty { JSONWriter.writeString(String(decoding: original, as: UTF8.self), to: &annotationToken) }
        let annotationMember = #""\#(resourceVersionAnnotation)":"#.utf8 + annotationToken

        var copied = metadataOnly ? layout.metadata.lowerBound : 0
        func copy(to end: Int) {
            out += body[copied..<end]
            copied = end
        }
        // Edits in position order: the resourceVersion token, then the annotation (inside
        // `annotations`, which comes after or before it), then members appended to metadata.
        var edits: [(at: Range<Int>, with: [UInt8])] = []
        if let rv = layout.resourceVersion { edits.append((rv, Array(revision.utf8))) }
        if metadataOnly, let cut = layout.managedFields { edits.append((cut, [])) }
        if !annotationToken.isEmpty, let annotations = layout.annotations {
            if let value = layout.annotation {
                edits.append((value, annotationToken))
            } else {
                let close = annotations.upperBound - 1
                edits.append((close..<close, (layout.annotationsIsEmpty ? [] : [UInt8(ascii: ",")]) + annotationMember))
            }
        }
        edits.sort { $0.at.lowerBound < $1.at.lowerBound }
        for edit in edits {
            copy(to: edit.at.lowerBound)
            out += edit.with
            copied = edit.at.upperBound
        }
        // Members the parsed rewrite appends, in its order: namespace, resourceVersion, annotations.
        var appended: [[UInt8]] = []
        if !namespace.isEmpty, !layout.hasNamespace {
            var member = Array(#""namespace":"#.utf8)
            JSONWriter.writeString(namespace, to: &member)
            appended.append(member)
        }
        if layout.resourceVersion == nil { appended.append(Array(#""resourceVersion":\#(revision)"#.utf8)) }
        if !annotationToken.isEmpty, layout.annotations == nil {
            appended.append(Array(#""annotations":{"#.utf8) + annotationMember + [UInt8(ascii: "}")])
        }
        copy(to: layout.metadata.upperBound - 1)
        let isEmpty = layout.metadataIsEmpty || (metadataOnly && layout.managedFieldsAlone)
        for (i, member) in appended.enumerated() {
            if i > 0 || !isEmpty { out.append(UInt8(ascii: ",")) }
            out += member
        }
        copy(to: metadataOnly ? layout.metadata.upperBound : body.count)
        return true
    }

    /// The layout of a stored object with `apiVersion`, `kind` and a plain `metadata` object.
    ///
    /// The scan stops once it has seen the three (Kubernetes writes them first): a stored body
    /// was validated when it was appended, and the rest of it (`spec`, `status`: most of its
    /// bytes) is copied without being looked at, as the API server copies what etcd holds.
    private static func locate(in b: UnsafeRawBufferPointer) -> MetadataLayout? {
        var reader = JSONReader(bytes: b, maxDepth: 10_000)
        var metadata: Range<Int>?
        var apiVersion = false
        var kind = false
        var plain = true
        // Thrown out of the member loop when the three members are found.
        let found = JSONSyntaxError(offset: -1, message: "apiVersion, kind and metadata found")
        do throws(JSONSyntaxError) {
            reader.skipWhitespace()
            guard reader.peek == UInt8(ascii: "{") else { return nil }
            try reader.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                r.skipWhitespace()
                let start = r.position
                let isObject = r.peek == UInt8(ascii: "{")
                try r.skipValue()
                switch key {
                case "apiVersion": apiVersion = true
                case "kind": kind = true
                case "metadata":
                    if !isObject { plain = false }
                    metadata = start..<r.position
                default: break
                }
                if apiVersion, kind, metadata != nil { throw found }
            }
            return nil  // the object lacks one of them
        } catch  where error == found {
            guard plain, let metadata else { return nil }
            return try? locateMembers(of: metadata, in: b)
        } catch { return nil }
    }

    /// `metadata`'s members that `serve` rewrites (`nil` when they are not plain).
    private static func locateMembers(
        of metadata: Range<Int>, in b: UnsafeRawBufferPointer
    ) throws(JSONSyntaxError) -> MetadataLayout? {
        var layout = MetadataLayout(metadata: metadata)
        var plain = true
        var members = 0
        var reader = JSONReader(bytes: b, maxDepth: 10_000)
        reader.position = metadata.lowerBound
        try reader.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            layout.metadataIsEmpty = false
            members += 1
            if Self.isEscaped(key, in: b) { plain = false }
            r.skipWhitespace()
            let start = r.position
            let first = r.peek
            switch key {
            case "managedFields":
                try r.skipValue()
                guard let name = key.bytes.baseAddress, let base = b.baseAddress, layout.managedFields == nil else {
                    plain = false
                    return
                }
                layout.managedFields = Self.member(from: name - base - 1, to: r.position, in: b)
                layout.managedFieldsAlone = members == 1
                if layout.managedFields == nil { plain = false }
            case "resourceVersion":
                try r.skipValue()
                let token = start..<r.position
                let escaped = b[token].contains(UInt8(ascii: "\\"))
                if first != UInt8(ascii: "\"") || escaped || layout.resourceVersion != nil { plain = false }
                layout.resourceVersion = token
            case "annotations":
                guard first == UInt8(ascii: "{"), layout.annotations == nil else {
                    plain = false
                    try r.skipValue()
                    return
                }
                try r.readObjectRawKeys { (a: inout JSONReader, name: JSONKey) throws(JSONSyntaxError) in
                    layout.annotationsIsEmpty = false
                    if Self.isEscaped(name, in: b) { plain = false }
                    a.skipWhitespace()
                    let value = a.position
                    try a.skipValue()
                    if name == "kubeledger.io/resource-version" {
                        if layout.annotation != nil { plain = false }
                        layout.annotation = value..<a.position
                    }
                }
                layout.annotations = start..<r.position
            case "namespace":
                if layout.hasNamespace { plain = false }
                layout.hasNamespace = true
                try r.skipValue()
            default:
                try r.skipValue()
            }
        }
        if members > 1 { layout.managedFieldsAlone = false }
        return plain ? layout : nil
    }

    /// The bytes of the member from its name's opening quote at `start` to the end of its value
    /// at `end`, with the comma before it (or, for a first member, after it); `nil` when the
    /// bytes around it are not the writer's (whitespace).
    private static func member(from start: Int, to end: Int, in b: UnsafeRawBufferPointer) -> Range<Int>? {
        guard start >= 1, b[start] == UInt8(ascii: "\"") else { return nil }
        if b[start - 1] == UInt8(ascii: ",") { return (start - 1)..<end }
        guard b[start - 1] == UInt8(ascii: "{"), end < b.count else { return nil }
        if b[end] == UInt8(ascii: ",") { return start..<(end + 1) }
        return b[end] == UInt8(ascii: "}") ? start..<end : nil
    }

    /// Whether `key` was decoded from an escaped name (its bytes are then a scratch copy, not a
    /// slice of the object's bytes).
    private static func isEscaped(_ key: JSONKey, in b: UnsafeRawBufferPointer) -> Bool {
        guard let k = key.bytes.baseAddress, let base = b.baseAddress else { return true }
        return k < base || k >= base + b.count
    }
}
