/// A fast JSON reader over a byte buffer: parses into ``JSONValue`` or skips values while
/// validating them, so callers can pick out a few fields without building a tree.
///
/// The buffer must be valid UTF-8 (check with ``UTF8Validation``); the reader then validates
/// JSON grammar, string escapes and nesting depth.
public struct JSONReader: ~Copyable {
    @usableFromInline let bytes: UnsafeRawBufferPointer
    /// The current byte offset.
    public var position: Int
    @usableFromInline var depth = 0
    /// The deepest nesting accepted.
    public let maxDepth: Int

    /// A reader over `bytes`, which must outlive it.
    public init(bytes: UnsafeRawBufferPointer, maxDepth: Int = 256) {
        self.bytes = bytes
        self.position = 0
        self.maxDepth = maxDepth
    }

    /// Parses a whole buffer holding exactly one JSON value.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 256) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
        let value = try reader.parseValue()
        reader.skipWhitespace()
        if !reader.isAtEnd { throw reader.error("unexpected data after the JSON value") }
        return value
    }

    /// Parses `bytes` holding exactly one JSON value.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 256) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBytes { b in
            do throws(JSONSyntaxError) { return .success(try parse(b, maxDepth: maxDepth)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Whether the whole input has been consumed.
    public var isAtEnd: Bool { position >= bytes.count }

    /// The byte at the current position, or 0 at the end.
    @inlinable public var peek: UInt8 { position < bytes.count ? bytes[position] : 0 }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, message: message)
    }

    /// Skips spaces, tabs, carriage returns and newlines.
    @inlinable
    public mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws(JSONSyntaxError) {
        skipWhitespace()
        guard peek == byte else { throw error("expected \(what())") }
        position += 1
    }

    // MARK: - Tree parsing

    /// Parses the next value.
    public mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: "{"):
            var object = JSONObject()
            try readObject { (reader: inout JSONReader, key: String) throws(JSONSyntaxError) in
                object.appendUnchecked(key, try reader.parseValue())
            }
            return .object(object)
        case UInt8(ascii: "["):
            var array: [JSONValue] = []
            try readArray { (reader: inout JSONReader) throws(JSONSyntaxError) in
                array.append(try reader.parseValue())
            }
            return .array(array)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            try skipNumber()
            return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
        case 0: throw error("unexpected end of input")
        default: throw error("unexpected character '\(Character(Unicode.Scalar(peek)))'")
        }
    }

    /// Reads an object, calling `member` for each key with the reader positioned at its value;
    /// `member` must consume the value.
    public mutating func readObject(
        _ member: (inout JSONReader, String) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        try expect(UInt8(ascii: "{"), "'{'")
        depth += 1
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let key = try readString()
            try expect(UInt8(ascii: ":"), "':' after member name \"\(key)\"")
            try member(&self, key)
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return
            default: throw error("expected ',' or '}' after the value of \"\(key)\"")
            }
        }
    }

    /// Reads an array, calling `element` with the reader positioned at each element; `element`
    /// must consume it.
    public mutating func readArray(_ element: (inout JSONReader) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        try expect(UInt8(ascii: "["), "'['")
        depth += 1
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return
        }
        while true {
            try element(&self)
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return
            default: throw error("expected ',' or ']' in array")
            }
        }
    }

    // MARK: - Skipping (validating, no allocation)

    /// Skips the next value, validating it.
    public mutating func skipValue() throws(JSONSyntaxError) {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: "{"):
            try expect(UInt8(ascii: "{"), "'{'")
            depth += 1
            if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
            skipWhitespace()
            if peek == UInt8(ascii: "}") {
                position += 1
                depth -= 1
                return
            }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
                try skipString()
                try expect(UInt8(ascii: ":"), "':' after member name")
                try skipValue()
                skipWhitespace()
                switch peek {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"):
                    position += 1
                    depth -= 1
                    return
                default: throw error("expected ',' or '}' in object")
                }
            }
        case UInt8(ascii: "["):
            try readArray { (r: inout JSONReader) throws(JSONSyntaxError) in try r.skipValue() }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        case 0: throw error("unexpected end of input")
        default: throw error("unexpected character '\(Character(Unicode.Scalar(peek)))'")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        guard position + n <= bytes.count,
            memcmp(bytes.baseAddress! + position, word.utf8Start, n) == 0
        else { throw error("invalid literal (expected \(word))") }
        position += n
    }

    /// Skips a number, checking the JSON number grammar.
    /// The longest number token accepted: Kubernetes numbers fit int64 or float64 (a float64 needs
    /// at most 24 characters), so anything much longer is hostile, not data.
    public static let maxNumberLength = 64

    mutating func skipNumber() throws(JSONSyntaxError) {
        let start = position
        try scanNumber()
        let length = position - start
        if length > Self.maxNumberLength {
            position = start
            throw error("number of \(length) characters, longer than \(Self.maxNumberLength); numbers in Kubernetes objects fit int64 or float64")
        }
        if bytes[start..<position].contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
            let d = Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)), !d.isFinite
        {
            position = start
            throw error("number out of float64 range")
        }
    }

    private mutating func scanNumber() throws(JSONSyntaxError) {
        if peek == UInt8(ascii: "-") { position += 1 }
        if peek == UInt8(ascii: "0") {
            position += 1
        } else if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(peek) {
            while (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) { position += 1 }
        } else {
            throw error("invalid number")
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) else { throw error("invalid number: digit expected after '.'") }
            while (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) { position += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) else { throw error("invalid number: digit expected in exponent") }
            while (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) { position += 1 }
        }
    }

    /// Skips a string, validating escapes and rejecting raw control characters.
    public mutating func skipString() throws(JSONSyntaxError) {
        position += 1  // opening quote
        let count = bytes.count
        while position < count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return
            }
            if c == UInt8(ascii: "\\") {
                try skipEscape()
            } else if c < 0x20 {
                throw error("control character in string (escape it)")
            } else {
                position += 1
            }
        }
        throw error("unterminated string")
    }

    mutating func skipEscape() throws(JSONSyntaxError) {
        position += 1
        switch peek {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 1
        case UInt8(ascii: "u"):
            position += 1
            _ = try hex4()
        default: throw error("invalid escape in string")
        }
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | UInt32(d)
            position += 1
        }
        return v
    }

    /// Reads a string value (the reader must be at its opening quote).
    public mutating func readString() throws(JSONSyntaxError) -> String {
        let start = position + 1
        var p = start
        let count = bytes.count
        // Fast path: no escapes.
        while p < count {
            let c = bytes[p]
            if c == UInt8(ascii: "\"") {
                position = p + 1
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<p]), as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 {
                position = p
                throw error("control character in string (escape it)")
            }
            p += 1
        }
        // Slow path with escapes.
        var out: [UInt8] = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<min(p, count)]))
        position = p
        while position < count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 { throw error("control character in string (escape it)") }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                position += 1
                continue
            }
            position += 1
            let e = peek
            position += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A surrogate pair must follow.
                    guard peek == UInt8(ascii: "\\"), position + 1 < count, bytes[position + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in \\u escape")
                    }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid surrogate pair in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("unpaired surrogate in \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                out.append(contentsOf: Array(String(u).utf8))
            default:
                position -= 1
                throw error("invalid escape in string")
            }
        }
        throw error("unterminated string")
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension JSONReader {
    /// Skips the next value and returns its byte range (whitespace excluded).
    public mutating func captureValue() throws(JSONSyntaxError) -> Range<Int> {
        skipWhitespace()
        let start = position
        try skipValue()
        return start..<position
    }

    /// Reads a string, or `nil` for JSON `null`; other values are an error naming `field`.
    public mutating func readOptionalString(field: String) throws(JSONSyntaxError) -> String? {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: "\""): return try readString()
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        default: throw error("\(field) must be a string")
        }
    }
}
