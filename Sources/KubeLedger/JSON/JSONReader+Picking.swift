/// Small helpers for picking fields out of an object without building a tree. Each one consumes
/// exactly one value; a value of an unexpected type is skipped and reported as `nil`.
extension JSONReader {
    /// The string at the reader, or `nil` (value skipped) for any other type.
    mutating func pickString() throws(JSONSyntaxError) -> String? {
        skipWhitespace()
        if peek == UInt8(ascii: "\"") { return try readString() }
        try skipValue()
        return nil
    }

    /// The integer at the reader (a JSON number or a string holding one), else `nil`.
    mutating func pickInt() throws(JSONSyntaxError) -> Int? {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            try skipValue()
            var v = 0
            var negative = false
            var i = start
            if bytes[i] == UInt8(ascii: "-") {
                negative = true
                i += 1
            }
            while i < position, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(bytes[i] - UInt8(ascii: "0")))
                if o1 || o2 { return nil }
                v = a
                i += 1
            }
            return negative ? -v : v
        case UInt8(ascii: "\""):
            return Int(try readString())
        default:
            try skipValue()
            return nil
        }
    }

    /// The Boolean at the reader, else `nil`.
    mutating func pickBool() throws(JSONSyntaxError) -> Bool? {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: "t"):
            try skipValue()
            return true
        case UInt8(ascii: "f"):
            try skipValue()
            return false
        default:
            try skipValue()
            return nil
        }
    }

    /// Whether the value at the reader is present and not `null` (the value is skipped).
    mutating func pickPresent() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        let isNull = peek == UInt8(ascii: "n")
        try skipValue()
        return !isNull
    }

    /// A map of string values (labels, annotations); non-string values are skipped.
    mutating func pickStringMap() throws(JSONSyntaxError) -> [String: String] {
        skipWhitespace()
        guard peek == UInt8(ascii: "{") else {
            try skipValue()
            return [:]
        }
        var map: [String: String] = [:]
        try readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            if let v = try r.pickString() { map[key.string] = v }
        }
        return map
    }

    /// Calls `member` for each member of the object at the reader (with its raw name, see
    /// ``JSONReader/readObjectRawKeys(_:)``); skips any other value.
    mutating func forEachMember(
        _ member: (inout JSONReader, JSONKey) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        skipWhitespace()
        guard peek == UInt8(ascii: "{") else {
            try skipValue()
            return
        }
        try readObjectRawKeys(member)
    }

    /// Calls `element` for each element of the array at the reader; skips any other value.
    mutating func forEachElement(_ element: (inout JSONReader) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError)
    {
        skipWhitespace()
        guard peek == UInt8(ascii: "[") else {
            try skipValue()
            return
        }
        try readArray(element)
    }

    /// The value at the reader as a tree (used only for what a projection keeps, e.g. templates).
    mutating func pickTree() throws(JSONSyntaxError) -> JSONValue { try parseValue() }

    /// The raw bytes of the value at the reader.
    mutating func pickRaw() throws(JSONSyntaxError) -> ArraySlice<UInt8> {
        let range = try captureValue()
        return ArraySlice(UnsafeRawBufferPointer(rebasing: bytes[range]))
    }
}

/// Runs `body` over a JSON object body, returning `nil` when there is no body, it is not an
/// object, or it is malformed. Never throws.
func withObjectReader<T>(_ body: [UInt8]?, _ read: (inout JSONReader) throws(JSONSyntaxError) -> T) -> T? {
    guard let body, !body.isEmpty else { return nil }
    return body.withUnsafeBytes { buf -> T? in
        var r = JSONReader(bytes: buf, maxDepth: 128)
        r.skipWhitespace()
        guard r.peek == UInt8(ascii: "{") else { return nil }
        do { return try read(&r) } catch { return nil }
    }
}

/// A reference to an owner (the controller one, `controller: true`).
struct OwnerRef: Sendable, Hashable {
    var kind: String
    var name: String
    var uid: String

    /// Reads an `ownerReferences` array and returns its controller reference.
    static func pickController(_ r: inout JSONReader) throws(JSONSyntaxError) -> OwnerRef? {
        var found: OwnerRef?
        try r.forEachElement { (r: inout JSONReader) throws(JSONSyntaxError) in
            var kind = ""
            var name = ""
            var uid = ""
            var controller = false
            try r.forEachMember { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
                switch key {
                case "kind": kind = try r.pickString() ?? ""
                case "name": name = try r.pickString() ?? ""
                case "uid": uid = try r.pickString() ?? ""
                case "controller": controller = try r.pickBool() ?? false
                default: try r.skipValue()
                }
            }
            if controller, found == nil { found = OwnerRef(kind: kind, name: name, uid: uid) }
        }
        return found
    }
}

extension OwnerRef: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(kind)
        w.write(name)
        w.write(uid)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        kind = try r.readString()
        name = try r.readString()
        uid = try r.readString()
    }
}
