#if canImport(Glibc)
import Glibc
#endif

/// Walks the top-level JSON values of an input buffer (JSON lines, or JSON values one after
/// another, pretty-printed or not), with their 1-based line numbers.
///
/// UTF-8 is validated once, just ahead of the reader (up to the end of each value), so a big
/// mapped input is walked front to back once rather than validated whole before reading; a
/// value holding invalid UTF-8 is rejected as a whole.
/// After a syntax error the scanner resynchronises at the next line that starts with `{` or `[`
/// in column 1 (true for JSON lines and for kubectl's indented output, whose nested values are
/// indented), so one bad record costs one reject.
struct InputScanner {
    let bytes: UnsafeRawBufferPointer
    let source: String

    /// Counts lines forward from the last asked offset (restarting when asked about an earlier one).
    struct LineCounter {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var line = 1

        mutating func line(at target: Int) -> Int {
            if target < offset {
                offset = 0
                line = 1
            }
            let end = min(target, bytes.count)
            guard let base = bytes.baseAddress, offset < end else { return line }
            var o = offset
            var l = line
            // memchr finds newlines many bytes at a time.
            while o < end, let hit = memchr(base + o, 0x0A, end - o) {
                l += 1
                o = base.distance(to: UnsafeRawPointer(hit)) + 1
            }
            offset = end
            line = l
            return l
        }
    }

    /// The 1-based column of `offset` (in bytes).
    func column(of offset: Int) -> Int {
        var i = min(offset, bytes.count)
        while i > 0, bytes[i - 1] != 0x0A { i -= 1 }
        return offset - i + 1
    }

    /// The first byte of `range` that is not valid UTF-8; `range` must start and end on
    /// character boundaries (ASCII bytes, as the ends of JSON values and lines are).
    func firstInvalidUTF8(in range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.upperBound <= bytes.count else { return nil }
        return UTF8Validation.firstInvalidOffset(in: UnsafeRawBufferPointer(rebasing: bytes[range])).map {
            $0 + range.lowerBound
        }
    }

    /// UTF-8 validation that keeps just ahead of the reader.
    struct UTF8Check {
        /// Bytes before this offset are checked (up to ``invalid`` when it is set).
        var checked: Int
        /// The first invalid byte found at or after where checking (re)started.
        var invalid: Int?

        /// Checks up to `end` unless an invalid byte is already known.
        mutating func extend(to end: Int, in scanner: InputScanner) {
            guard invalid == nil, end > checked else { return }
            invalid = scanner.firstInvalidUTF8(in: checked..<end)
            checked = invalid ?? end
        }

        /// Forgets what was found and restarts at `offset` (a character boundary).
        mutating func restart(at offset: Int) {
            invalid = nil
            checked = offset
        }
    }

    /// The start of the next line after the one holding `offset` that begins with `{` or `[`.
    func resyncPoint(after offset: Int) -> Int {
        var i = offset
        let n = bytes.count
        while i < n {
            while i < n, bytes[i] != 0x0A { i += 1 }
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") { return i }
        }
        return n
    }

    /// Calls `handle` with a reader at each top-level value and the value's first line; `handle`
    /// must consume the value and append its items to `out`. Items are then passed to `emit`,
    /// unless the value turned out to hold invalid UTF-8 or a syntax error (then one reject is
    /// emitted instead).
    func forEachValue(
        _ handle: (inout JSONReader, _ line: Int, _ out: inout [IngestItem]) throws(JSONSyntaxError) -> Void,
        emit: (IngestItem) -> Void
    ) {
        var lines = LineCounter(bytes: bytes)
        var reader = JSONReader(bytes: bytes)
        var out: [IngestItem] = []
        out.reserveCapacity(4)
        // A UTF-8 byte order mark at the start is allowed and ignored.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { reader.position = 3 }
        var utf8 = UTF8Check(checked: reader.position)
        while true {
            reader.skipWhitespace()
            if reader.isAtEnd { break }
            let start = reader.position
            let line = lines.line(at: start)
            out.removeAll(keepingCapacity: true)
            do throws(JSONSyntaxError) {
                try handle(&reader, line, &out)
                // The value ended on an ASCII byte: a boundary to check up to.
                utf8.extend(to: reader.position, in: self)
                if let bad = utf8.invalid, bad < reader.position {
                    emit(.rejected(utf8Error(at: bad, recordLine: line, lines: &lines)))
                    utf8.restart(at: reader.position)
                    continue
                }
                for item in out { emit(item) }
            } catch {
                // The error may sit inside a character: check up to the resync point, a line start.
                let resync = resyncPoint(after: start)
                utf8.extend(to: resync, in: self)
                if let bad = utf8.invalid, bad <= error.offset {
                    emit(.rejected(utf8Error(at: bad, recordLine: line, lines: &lines)))
                } else {
                    let errorLine = lines.line(at: error.offset)
                    let col = column(of: error.offset)
                    let at = errorLine == line ? "column \(col)" : "line \(errorLine) column \(col)"
                    emit(
                        .rejected(
                            IngestError(file: source, line: line, message: "invalid JSON: \(error.message) (\(at))")))
                }
                reader.position = resync
                utf8.restart(at: resync)
            }
        }
    }

    private func utf8Error(at offset: Int, recordLine: Int, lines: inout LineCounter) -> IngestError {
        let l = lines.line(at: offset)
        let at = l == recordLine ? "column \(column(of: offset))" : "line \(l) column \(column(of: offset))"
        return IngestError(
            file: source, line: recordLine, message: "invalid UTF-8 (\(at)); the input must be UTF-8 encoded")
    }

    /// The bytes of `range`, copied.
    func copy(_ range: Range<Int>) -> [UInt8] {
        Array(UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    /// The integer written in `range` (a JSON number with no fraction or exponent), else `nil`.
    func parseInt(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var v = 0
        var i = range.lowerBound
        var negative = false
        if bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < range.upperBound else { return nil }
        while i < range.upperBound {
            let c = bytes[i]
            guard c >= 48, c <= 57 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(c - 48))
            if o1 || o2 { return nil }
            v = a
            i += 1
        }
        return negative ? -v : v
    }
}

extension JSONReader {
    /// The kind of the next value, for error messages: `a string`, `a number`, `an object`, ….
    var nextValueKind: String {
        switch peek {
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        default: "a number"
        }
    }

    /// Reads a string member. A non-string value is consumed and reported through `problem`
    /// (`null` counts as absent).
    mutating func readStringField(
        _ field: @autoclosure () -> String, problem: inout (field: String, message: String)?
    ) throws(JSONSyntaxError) -> String? {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: "\""): return try readString()
        case UInt8(ascii: "n"):
            try skipValue()
            return nil
        default:
            let kind = nextValueKind
            try skipValue()
            if problem == nil { problem = (field(), "must be a string, not \(kind)") }
            return nil
        }
    }

    /// Reads an array of strings (non-strings are reported through `problem`).
    mutating func readStringArray(
        _ field: @autoclosure () -> String, problem: inout (field: String, message: String)?
    ) throws(JSONSyntaxError) -> [String] {
        skipWhitespace()
        guard peek == UInt8(ascii: "[") else {
            if peek != UInt8(ascii: "n"), problem == nil {
                problem = (field(), "must be an array of strings, not \(nextValueKind)")
            }
            try skipValue()
            return []
        }
        var result: [String] = []
        var p = problem
        try readArray { (r: inout JSONReader) throws(JSONSyntaxError) in
            if let s = try r.readStringField(field(), problem: &p) { result.append(s) }
        }
        problem = p
        return result
    }
}
