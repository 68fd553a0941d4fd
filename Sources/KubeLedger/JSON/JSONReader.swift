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
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 256) throws(JSONSyntaxError) -> JSONValue
    {
        var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
        let value = try reader.parseValue()
        reader.skipWhitespace()
        if !reader.isAtEnd { throw reader.error("unexpected data after the JSON value") }
        return value
    }

    /// Parses `bytes` holding exactly one JSON value.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 256) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBytes { b in
            do throws(JSONSyntaxError) { return .success(try parse(b, maxDepth: maxDepth)) } catch {
                return .failure(error)
            }
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
    @inlinable @inline(__always)
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
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
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
    ///
    /// Creates a `String` per key; readers that only compare keys use ``readObjectRawKeys(_:)``.
    public mutating func readObject(
        _ member: (inout JSONReader, String) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        try readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
            try member(&r, key.string)
        }
    }

    /// Reads an object like ``readObject(_:)``, passing each member name as raw UTF-8 bytes
    /// (escapes decoded) that are valid only during the call, so keys are matched without
    /// creating a `String`:
    ///
    /// ```swift
    /// try reader.readObjectRawKeys { (r: inout JSONReader, key: JSONKey) throws(JSONSyntaxError) in
    ///     switch key {
    ///     case "metadata": try readMetadata(&r)
    ///     default: try r.skipValue()
    ///     }
    /// }
    /// ```
    public mutating func readObjectRawKeys(
        _ member: (inout JSONReader, JSONKey) throws(JSONSyntaxError) -> Void
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
            let keyStart = position
            let end = nextSpecial(from: keyStart + 1)
            if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
                let key = JSONKey(UnsafeRawBufferPointer(rebasing: bytes[(keyStart + 1)..<end]))
                position = end + 1
                try expect(UInt8(ascii: ":"), "':' after member name \"\(key.string)\"")
                try member(&self, key)
            } else {
                // An escape (or an error) in the name: the slow path.
                try readEscapedMember(member)
            }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return
            default: throw error("expected ',' or '}' after the value of \"\(keyText(at: keyStart))\"")
            }
        }
    }

    /// A member whose name holds escapes (or is malformed): decodes the name into a scratch
    /// buffer for the call.
    private mutating func readEscapedMember(
        _ member: (inout JSONReader, JSONKey) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        let name = try readString()
        let utf8 = Array(name.utf8)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(utf8.count, 1), alignment: 1)
        defer { scratch.deallocate() }
        scratch.copyBytes(from: utf8)
        try expect(UInt8(ascii: ":"), "':' after member name \"\(name)\"")
        try member(&self, JSONKey(UnsafeRawBufferPointer(rebasing: scratch[0..<utf8.count])))
    }

    /// The member name whose opening quote is at `offset` (for error messages).
    private func keyText(at offset: Int) -> String {
        var r = JSONReader(bytes: bytes, maxDepth: maxDepth)
        r.position = offset
        return (try? r.readString()) ?? ""
    }

    /// The offset of the first byte at or after `p` that is a quote, a backslash or a control
    /// character, or the end of the input. Eight bytes at a time: the lowest flagged byte of
    /// each has-byte test is exact (borrows only run towards higher bytes).
    @inline(__always)
    func nextSpecial(from start: Int) -> Int {
        var p = start
        let count = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while p + 8 <= count {
            let v = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: p, as: UInt64.self))
            let quote = v ^ (ones &* 0x22)
            let backslash = v ^ (ones &* 0x5C)
            let hits = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (v &- ones &* 0x20) & ~v) & highs
            if hits != 0 { return p + hits.trailingZeroBitCount >> 3 }
            p += 8
        }
        while p < count {
            let c = bytes[p]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { return p }
            p += 1
        }
        return count
    }

    /// Reads an array, calling `element` with the reader positioned at each element; `element`
    /// must consume it.
    public mutating func readArray(
        _ element: (inout JSONReader) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
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
    ///
    /// A fast non-recursive scanner accepts well-formed values; anything it does not accept is
    /// skipped again by the recursive skipper, which throws the precise error.
    public mutating func skipValue() throws(JSONSyntaxError) {
        let start = position
        if skipValueFast() { return }
        position = start
        try skipValueSlowly()
    }

    /// Skips the next value if it is well-formed JSON nested at most 64 levels (and within
    /// ``maxDepth``), checking the same grammar, string escapes and control characters as
    /// ``skipValueSlowly()``; returns `false` (position undefined) otherwise.
    @usableFromInline
    mutating func skipValueFast() -> Bool {
        guard let raw = bytes.baseAddress else { return false }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let count = bytes.count
        var p = position
        var kinds: UInt64 = 0  // one bit per open container, 1 for an object
        var open = 0
        let limit = min(64, maxDepth - depth)
        var expectKey = false

        @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }
        @inline(__always) func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20) &- UInt8(ascii: "a") < 6 }
        /// The offset after the string whose opening quote is at `q`, or -1.
        @inline(__always) func string(_ q: Int) -> Int {
            var i = q &+ 1
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while true {
                while i &+ 8 <= count {
                    let v = UInt64(littleEndian: UnsafeRawPointer(base.advanced(by: i)).loadUnaligned(as: UInt64.self))
                    let quote = v ^ (ones &* 0x22)
                    let backslash = v ^ (ones &* 0x5C)
                    let hits =
                        ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (v &- ones &* 0x20) & ~v) & highs
                    if hits != 0 {
                        i &+= hits.trailingZeroBitCount &>> 3
                        break
                    }
                    i &+= 8
                }
                guard i < count else { return -1 }
                let c = base[i]
                if c == UInt8(ascii: "\"") { return i &+ 1 }
                if c < 0x20 { return -1 }
                if c == UInt8(ascii: "\\") {
                    guard i &+ 1 < count else { return -1 }
                    switch base[i &+ 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        i &+= 2
                    case UInt8(ascii: "u"):
                        guard i &+ 6 <= count, isHex(base[i &+ 2]), isHex(base[i &+ 3]), isHex(base[i &+ 4]),
                            isHex(base[i &+ 5])
                        else { return -1 }
                        i &+= 6
                    default: return -1
                    }
                } else {
                    i &+= 1
                }
            }
        }

        while true {
            // A value (after a member name and ':' in objects).
            if expectKey {
                while p < count, isSpace(base[p]) { p &+= 1 }
                guard p < count, base[p] == UInt8(ascii: "\"") else { return false }
                p = string(p)
                guard p >= 0 else { return false }
                while p < count, isSpace(base[p]) { p &+= 1 }
                guard p < count, base[p] == UInt8(ascii: ":") else { return false }
                p &+= 1
            }
            while p < count, isSpace(base[p]) { p &+= 1 }
            guard p < count else { return false }
            switch base[p] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = base[p] == UInt8(ascii: "{")
                guard open < limit else { return false }
                open &+= 1
                kinds = kinds << 1 | (isObject ? 1 : 0)
                p &+= 1
                while p < count, isSpace(base[p]) { p &+= 1 }
                guard p < count else { return false }
                if base[p] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    p &+= 1
                    open &-= 1
                    kinds >>= 1
                } else {
                    expectKey = isObject
                    continue
                }
            case UInt8(ascii: "\""):
                p = string(p)
                guard p >= 0 else { return false }
            case UInt8(ascii: "t"):
                guard p &+ 4 <= count, base[p &+ 1] == UInt8(ascii: "r"), base[p &+ 2] == UInt8(ascii: "u"),
                    base[p &+ 3] == UInt8(ascii: "e")
                else { return false }
                p &+= 4
            case UInt8(ascii: "f"):
                guard p &+ 5 <= count, base[p &+ 1] == UInt8(ascii: "a"), base[p &+ 2] == UInt8(ascii: "l"),
                    base[p &+ 3] == UInt8(ascii: "s"),
                    base[p &+ 4] == UInt8(ascii: "e")
                else { return false }
                p &+= 5
            case UInt8(ascii: "n"):
                guard p &+ 4 <= count, base[p &+ 1] == UInt8(ascii: "u"), base[p &+ 2] == UInt8(ascii: "l"),
                    base[p &+ 3] == UInt8(ascii: "l")
                else { return false }
                p &+= 4
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let numberStart = p
                if base[p] == UInt8(ascii: "-") { p &+= 1 }
                guard p < count, isDigit(base[p]) else { return false }
                if base[p] == UInt8(ascii: "0") {
                    p &+= 1
                } else {
                    while p < count, isDigit(base[p]) { p &+= 1 }
                }
                if p < count, base[p] == UInt8(ascii: ".") {
                    p &+= 1
                    guard p < count, isDigit(base[p]) else { return false }
                    while p < count, isDigit(base[p]) { p &+= 1 }
                }
                // Exponents (range check) and over-long numbers take the checked slow path.
                if p < count, base[p] | 0x20 == UInt8(ascii: "e") { return false }
                if p &- numberStart > Self.maxNumberLength { return false }
            default:
                return false
            }
            // After a value: ',' or the end of its container (and maybe of the enclosing ones).
            while true {
                if open == 0 {
                    position = p
                    return true
                }
                while p < count, isSpace(base[p]) { p &+= 1 }
                guard p < count else { return false }
                let c = base[p]
                let inObject = kinds & 1 == 1
                if c == UInt8(ascii: ",") {
                    p &+= 1
                    expectKey = inObject
                    break
                }
                guard c == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return false }
                p &+= 1
                open &-= 1
                kinds >>= 1
            }
        }
    }

    /// Skips the next value recursively, validating it and throwing the precise error.
    mutating func skipValueSlowly() throws(JSONSyntaxError) {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: "{"):
            try readObjectRawKeys { (r: inout JSONReader, _: JSONKey) throws(JSONSyntaxError) in try r.skipValueSlowly()
            }
        case UInt8(ascii: "["):
            try readArray { (r: inout JSONReader) throws(JSONSyntaxError) in try r.skipValueSlowly() }
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
            throw error(
                """
                number of \(length) characters, longer than \(Self.maxNumberLength); numbers in Kubernetes objects fit \
                int64 or float64
                """
            )
        }
        if bytes[start..<position].contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
            let d = Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)),
            !d.isFinite
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
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) else {
                throw error("invalid number: digit expected after '.'")
            }
            while (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) { position += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) else {
                throw error("invalid number: digit expected in exponent")
            }
            while (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) { position += 1 }
        }
    }

    /// Skips a string, validating escapes and rejecting raw control characters.
    public mutating func skipString() throws(JSONSyntaxError) {
        position += 1  // opening quote
        while true {
            let p = nextSpecial(from: position)
            position = p
            guard p < bytes.count else { throw error("unterminated string") }
            let c = bytes[p]
            if c == UInt8(ascii: "\"") {
                position += 1
                return
            }
            if c == UInt8(ascii: "\\") {
                try skipEscape()
            } else {
                throw error("control character in string (escape it)")
            }
        }
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
        let p = nextSpecial(from: start)
        let count = bytes.count
        // Fast path: no escapes.
        if p < count {
            let c = bytes[p]
            if c == UInt8(ascii: "\"") {
                position = p + 1
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<p]), as: UTF8.self)
            }
            if c < 0x20 {
                position = p
                throw error("control character in string (escape it)")
            }
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
                    guard peek == UInt8(ascii: "\\"), position + 1 < count, bytes[position + 1] == UInt8(ascii: "u")
                    else {
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

/// A member name as raw UTF-8 bytes (escapes decoded), passed by
/// ``JSONReader/readObjectRawKeys(_:)``; valid only during that call.
///
/// Compare it with string literals without creating a `String`: `key == "name"`, or
/// `switch key { case "metadata": … }`.
public struct JSONKey {
    /// The name's UTF-8 bytes.
    public let bytes: UnsafeRawBufferPointer

    /// A key over `bytes`.
    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The name as a `String` (allocates when longer than 15 bytes).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether the name is exactly `name`.
    @inlinable @inline(__always)
    public static func == (key: JSONKey, name: StaticString) -> Bool {
        // withUTF8Buffer also serves one-scalar literals (`"a"`), which have no pointer.
        name.withUTF8Buffer { p in
            let n = p.count
            guard key.bytes.count == n else { return false }
            var i = 0
            while i < n {
                if key.bytes[i] != p[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// Whether the name is not `name`.
    @inlinable @inline(__always)
    public static func != (key: JSONKey, name: StaticString) -> Bool { !(key == name) }

    /// Lets `switch key` match string literals.
    @inlinable @inline(__always)
    public static func ~= (pattern: StaticString, key: JSONKey) -> Bool { key == pattern }
}
