/// Renders a ``JSONValue`` as YAML the way `kubectl … -o yaml` prints it (sigs.k8s.io/yaml over
/// go-yaml v2), byte for byte for the shapes Kubernetes objects take.
///
/// What it reproduces:
/// - Block style, 2-space indent; a sequence under a key starts at the key's column (`- `);
///   `{}` and `[]` for empty containers; keys sorted as go-yaml sorts them (letters after other
///   characters, digit runs compared as numbers).
/// - Strings plain when YAML would read them back as the same string; double-quoted when plain
///   text would read as another type (`"1.25"`, `"true"`, `"y"`, `"null"`, `""`, `"12:30"`,
///   `"2026-01-01"`) or holds characters that need escapes (`"\t"`, emoji as `"\U0001F600"`);
///   single-quoted when it starts or ends with a space or starts with an indicator (`' x '`,
///   `'- a'`, `'*x'`, `'a: b'`, `'a #b'`); multi-line strings as `|` blocks (`|-`, `|+`, and an
///   indentation digit when the text starts with a space or newline).
/// - Long plain and quoted strings folded at spaces past column 80, as go-yaml does.
/// - Numbers as Go prints the decoded value: integers as written, other numbers in Go's
///   shortest `%g` form (`1e+21`, `1.5e-07`, `1000` for `1000.0`).
///
/// Not reproduced: keys longer than 128 bytes (go-yaml writes them as `? key`).
public enum KubectlYAML {
    /// The YAML text of `value`, ending with a newline.
    public static func render(_ value: JSONValue) -> String {
        var e = Emitter()
        switch value {
        case .object(let o) where !o.isEmpty: e.mapping(o, indent: 0, inline: false)
        case .array(let a) where !a.isEmpty: e.sequence(a, indent: 0, inline: false)
        default:
            e.scalar(value, indent: 0, isKey: false)
            e.newline()
        }
        return String(decoding: e.out, as: UTF8.self)
    }

    // MARK: - Key order

    /// go-yaml v2's key order (`sorter.go keyList.Less` for string keys).
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        let ar = Array(a.unicodeScalars)
        let br = Array(b.unicodeScalars)
        var i = 0
        while i < ar.count && i < br.count {
            if ar[i] == br[i] {
                i += 1
                continue
            }
            let al = ar[i].properties.isAlphabetic
            let bl = br[i].properties.isAlphabetic
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
            var an: Int64 = 0
            var bn: Int64 = 0
            if ar[i] == "0" || br[i] == "0" {
                var j = i - 1
                while j >= 0 && isDigit(ar[j]) {
                    if ar[j] != "0" {
                        an = 1
                        bn = 1
                        break
                    }
                    j -= 1
                }
            }
            var ai = i
            while ai < ar.count && isDigit(ar[ai]) {
                an = an &* 10 &+ Int64(ar[ai].value - 48)
                ai += 1
            }
            var bi = i
            while bi < br.count && isDigit(br[bi]) {
                bn = bn &* 10 &+ Int64(br[bi].value - 48)
                bi += 1
            }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    // MARK: - Emitter

    struct Emitter {
        var out: [UInt8] = []
        var lineStart = 0
        static let bestWidth = 80

        var column: Int {
            var c = 0
            var i = lineStart
            while i < out.count {
                if out[i] & 0xC0 != 0x80 { c += 1 }
                i += 1
            }
            return c
        }

        mutating func put(_ s: String) { out.append(contentsOf: s.utf8) }
        mutating func spaces(_ n: Int) { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: n)) }
        mutating func newline() {
            out.append(0x0A)
            lineStart = out.count
        }

        mutating func mapping(_ o: JSONObject, indent: Int, inline: Bool) {
            let order = o.keys.indices.sorted { KubectlYAML.keyPrecedes(o.keys[$0], o.keys[$1]) }
            for (n, i) in order.enumerated() {
                if !(inline && n == 0) { spaces(indent) }
                scalar(.string(o.keys[i]), indent: indent, isKey: true)
                out.append(UInt8(ascii: ":"))
                value(o.values[i], indent: indent, inSequence: false)
            }
        }

        mutating func sequence(_ a: [JSONValue], indent: Int, inline: Bool) {
            for (n, v) in a.enumerated() {
                if !(inline && n == 0) { spaces(indent) }
                out.append(UInt8(ascii: "-"))
                value(v, indent: indent, inSequence: true)
            }
        }

        /// Writes a value after `key:` or `-`, through its final newline.
        mutating func value(_ v: JSONValue, indent: Int, inSequence: Bool) {
            switch v {
            case .object(let o) where !o.isEmpty:
                if inSequence {
                    out.append(UInt8(ascii: " "))
                    mapping(o, indent: indent + 2, inline: true)
                } else {
                    newline()
                    mapping(o, indent: indent + 2, inline: false)
                }
            case .array(let a) where !a.isEmpty:
                if inSequence {
                    out.append(UInt8(ascii: " "))
                    sequence(a, indent: indent + 2, inline: true)
                } else {
                    newline()
                    sequence(a, indent: indent, inline: false)
                }
            default:
                out.append(UInt8(ascii: " "))
                scalar(v, indent: indent + 2, isKey: false)
                newline()
            }
        }

        mutating func scalar(_ v: JSONValue, indent: Int, isKey: Bool) {
            switch v {
            case .null: put("null")
            case .bool(let b): put(b ? "true" : "false")
            case .number(let n): put(KubectlYAML.goNumber(n))
            case .object: put("{}")
            case .array: put("[]")
            case .string(let s): string(s, indent: indent, isKey: isKey)
            }
        }

        mutating func string(_ s: String, indent: Int, isKey: Bool) {
            let bytes = Array(s.utf8)
            let a = ScalarAnalysis(bytes)
            var style: Style = KubectlYAML.resolvesToNonString(s) ? .double : (bytes.contains(0x0A) ? .literal : .plain)
            if style == .plain {
                if !a.blockPlainAllowed { style = .single }
            }
            if style == .single, !a.singleQuotedAllowed { style = .double }
            if style == .literal, !a.blockAllowed || isKey { style = .double }
            switch style {
            case .plain: writePlain(bytes, indent: indent, allowBreaks: !isKey)
            case .single: writeSingle(bytes, indent: indent, allowBreaks: !isKey)
            case .double: writeDouble(bytes, indent: indent, allowBreaks: !isKey)
            case .literal: writeLiteral(bytes, indent: indent)
            }
        }

        enum Style { case plain, single, double, literal }

        mutating func writeIndent(_ indent: Int) {
            newline()
            spaces(indent)
        }

        mutating func writePlain(_ v: [UInt8], indent: Int, allowBreaks: Bool) {
            var spacesSeen = false
            var i = 0
            while i < v.count {
                if v[i] == 0x20 {
                    if allowBreaks && !spacesSeen && column > Self.bestWidth && !(i + 1 < v.count && v[i + 1] == 0x20) {
                        writeIndent(indent)
                    } else {
                        out.append(0x20)
                    }
                    spacesSeen = true
                    i += 1
                } else {
                    let w = width(v[i])
                    out.append(contentsOf: v[i..<min(i + w, v.count)])
                    i += w
                    spacesSeen = false
                }
            }
        }

        mutating func writeSingle(_ v: [UInt8], indent: Int, allowBreaks: Bool) {
            out.append(UInt8(ascii: "'"))
            var spacesSeen = false
            var i = 0
            while i < v.count {
                if v[i] == 0x20 {
                    if allowBreaks && !spacesSeen && column > Self.bestWidth && i > 0 && i < v.count - 1
                        && v[i + 1] != 0x20
                    {
                        writeIndent(indent)
                    } else {
                        out.append(0x20)
                    }
                    spacesSeen = true
                    i += 1
                } else {
                    if v[i] == UInt8(ascii: "'") { out.append(UInt8(ascii: "'")) }
                    let w = width(v[i])
                    out.append(contentsOf: v[i..<min(i + w, v.count)])
                    i += w
                    spacesSeen = false
                }
            }
            out.append(UInt8(ascii: "'"))
        }

        mutating func writeDouble(_ v: [UInt8], indent: Int, allowBreaks: Bool) {
            out.append(UInt8(ascii: "\""))
            var spacesSeen = false
            var i = 0
            while i < v.count {
                if !isPrintable(v, i) || isBOM(v, i) || isBreak(v, i) || v[i] == UInt8(ascii: "\"")
                    || v[i] == UInt8(ascii: "\\")
                {
                    let w = width(v[i])
                    var scalar: UInt32
                    switch w {
                    case 1: scalar = UInt32(v[i] & 0x7F)
                    case 2: scalar = UInt32(v[i] & 0x1F)
                    case 3: scalar = UInt32(v[i] & 0x0F)
                    default: scalar = UInt32(v[i] & 0x07)
                    }
                    for k in 1..<max(w, 1) where i + k < v.count { scalar = scalar << 6 | UInt32(v[i + k] & 0x3F) }
                    i += w
                    out.append(UInt8(ascii: "\\"))
                    switch scalar {
                    case 0x00: put("0")
                    case 0x07: put("a")
                    case 0x08: put("b")
                    case 0x09: put("t")
                    case 0x0A: put("n")
                    case 0x0B: put("v")
                    case 0x0C: put("f")
                    case 0x0D: put("r")
                    case 0x1B: put("e")
                    case 0x22: put("\"")
                    case 0x5C: put("\\")
                    case 0x85: put("N")
                    case 0xA0: put("_")
                    case 0x2028: put("L")
                    case 0x2029: put("P")
                    default:
                        let (letter, digits) = scalar <= 0xFF ? ("x", 2) : scalar <= 0xFFFF ? ("u", 4) : ("U", 8)
                        put(letter)
                        let hex = Array("0123456789ABCDEF".utf8)
                        for k in stride(from: (digits - 1) * 4, through: 0, by: -4) {
                            out.append(hex[Int((scalar >> UInt32(k)) & 0xF)])
                        }
                    }
                    spacesSeen = false
                } else if v[i] == 0x20 {
                    if allowBreaks && !spacesSeen && column > Self.bestWidth && i != 0 && i != v.count - 1 {
                        writeIndent(indent)
                        if i + 1 < v.count && v[i + 1] == 0x20 { out.append(UInt8(ascii: "\\")) }
                    } else {
                        out.append(0x20)
                    }
                    spacesSeen = true
                    i += 1
                } else {
                    let w = width(v[i])
                    out.append(contentsOf: v[i..<min(i + w, v.count)])
                    i += w
                    spacesSeen = false
                }
            }
            out.append(UInt8(ascii: "\""))
        }

        mutating func writeLiteral(_ v: [UInt8], indent: Int) {
            out.append(UInt8(ascii: "|"))
            if isSpace(v, 0) || isBreak(v, 0) { put("2") }
            // Chomping: strip when the text does not end with a break, keep when it ends with two.
            var i = v.count - 1
            while i > 0 && v[i] & 0xC0 == 0x80 { i -= 1 }
            if !isBreak(v, i) {
                put("-")
            } else if i == 0 {
                put("+")
            } else {
                i -= 1
                while i > 0 && v[i] & 0xC0 == 0x80 { i -= 1 }
                if isBreak(v, i) { put("+") }
            }
            newline()
            var breaks = true
            var j = 0
            while j < v.count {
                if isBreak(v, j) {
                    j += width(v[j])
                    newline()
                    breaks = true
                } else {
                    if breaks { spaces(indent) }
                    let w = width(v[j])
                    out.append(contentsOf: v[j..<min(j + w, v.count)])
                    j += w
                    breaks = false
                }
            }
            // The mapping writes the final newline; a text ending in a break already has it.
            if breaks, !v.isEmpty {
                out.removeLast()
                lineStart = out.count
                while lineStart > 0 && out[lineStart - 1] != 0x0A { lineStart -= 1 }
            }
        }
    }

    // MARK: - Scalar analysis (go-yaml emitterc.go yaml_emitter_analyze_scalar)

    struct ScalarAnalysis {
        var blockPlainAllowed = true
        var singleQuotedAllowed = true
        var blockAllowed = true

        init(_ v: [UInt8]) {
            if v.isEmpty {
                blockPlainAllowed = true
                singleQuotedAllowed = true
                blockAllowed = false
                return
            }
            var blockIndicators = false
            var lineBreaks = false
            var special = false
            var leadingSpace = false
            var leadingBreak = false
            var trailingSpace = false
            var trailingBreak = false
            var breakSpace = false
            var spaceBreak = false
            var precededByWhitespace = true
            var previousSpace = false
            var previousBreak = false
            if v.count >= 3,
                (v[0] == 0x2D && v[1] == 0x2D && v[2] == 0x2D) || (v[0] == 0x2E && v[1] == 0x2E && v[2] == 0x2E)
            {
                blockIndicators = true
            }
            var i = 0
            while i < v.count {
                let w = width(v[i])
                let followedByWhitespace = i + w >= v.count || isBlank(v, i + w)
                let c = v[i]
                if i == 0 {
                    switch c {
                    case UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
                        UInt8(ascii: "}"),
                        UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"),
                        UInt8(ascii: "'"),
                        UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                        blockIndicators = true
                    case UInt8(ascii: "?"), UInt8(ascii: ":"):
                        if followedByWhitespace { blockIndicators = true }
                    case UInt8(ascii: "-"):
                        if followedByWhitespace { blockIndicators = true }
                    default: break
                    }
                } else {
                    switch c {
                    case UInt8(ascii: ":"):
                        if followedByWhitespace { blockIndicators = true }
                    case UInt8(ascii: "#"):
                        if precededByWhitespace { blockIndicators = true }
                    default: break
                    }
                }
                if !isPrintable(v, i) { special = true }
                if isSpace(v, i) {
                    if i == 0 { leadingSpace = true }
                    if i + w == v.count { trailingSpace = true }
                    if previousBreak { breakSpace = true }
                    previousSpace = true
                    previousBreak = false
                } else if isBreak(v, i) {
                    lineBreaks = true
                    if i == 0 { leadingBreak = true }
                    if i + w == v.count { trailingBreak = true }
                    if previousSpace { spaceBreak = true }
                    previousSpace = false
                    previousBreak = true
                } else {
                    previousSpace = false
                    previousBreak = false
                }
                precededByWhitespace = isBlank(v, i) || isBreak(v, i)
                i += w
            }
            if leadingSpace || leadingBreak || trailingSpace || trailingBreak { blockPlainAllowed = false }
            if trailingSpace { blockAllowed = false }
            if breakSpace {
                blockPlainAllowed = false
                singleQuotedAllowed = false
            }
            if spaceBreak || special {
                blockPlainAllowed = false
                singleQuotedAllowed = false
                blockAllowed = false
            }
            if lineBreaks { blockPlainAllowed = false }
            if blockIndicators { blockPlainAllowed = false }
        }
    }

    // MARK: - Resolution (go-yaml v2 resolve.go)

    static let specialPlain: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No", "NO", "false",
        "False",
        "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
        "+.inf",
        "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    ]

    /// Whether plain `s` would be read back as something other than this string.
    static func resolvesToNonString(_ s: String) -> Bool {
        let b = Array(s.utf8)
        let hint: UInt8
        if let first = b.first {
            switch first {
            case UInt8(ascii: "+"), UInt8(ascii: "-"): hint = UInt8(ascii: "S")
            case UInt8(ascii: "0")...UInt8(ascii: "9"): hint = UInt8(ascii: "D")
            case UInt8(ascii: "."): hint = UInt8(ascii: ".")
            default:
                if "yYnNtTfFoO~".utf8.contains(first) { hint = UInt8(ascii: "M") } else { return false }
            }
        } else {
            return true
        }
        if specialPlain.contains(s) { return true }
        switch hint {
        case UInt8(ascii: "M"): return false
        case UInt8(ascii: "."): return matchesFloat(b) && b.count > 1
        default:
            if hint == UInt8(ascii: "D"), isTimestamp(b) { return true }
            let plain = b.filter { $0 != UInt8(ascii: "_") }
            if isGoInt(plain) || matchesFloat(plain) { return true }
            return isBase60Float(b)
        }
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
    static func matchesFloat(_ b: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Int {
            let s = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            return i - s
        }
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                _ = digits()
            }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == b.count
    }

    /// Go's `strconv.ParseInt(s, 0, 64)` syntax (or `ParseUint`): sign, then `0x…`, `0o…`, `0b…`,
    /// `0…` (octal) or decimal.
    static func isGoInt(_ b: [UInt8]) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count else { return false }
        let rest = b[i...]
        func all(_ s: ArraySlice<UInt8>, _ ok: (UInt8) -> Bool) -> Bool { !s.isEmpty && s.allSatisfy(ok) }
        if rest.count >= 2, rest.first == UInt8(ascii: "0") {
            let p = rest[rest.startIndex + 1] | 0x20
            let digits = rest.dropFirst(2)
            switch p {
            case UInt8(ascii: "x"):
                return all(digits) { ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }
            case UInt8(ascii: "o"): return all(digits) { $0 >= 48 && $0 <= 55 }
            case UInt8(ascii: "b"): return all(digits) { $0 == 48 || $0 == 49 }
            default: return all(rest.dropFirst()) { $0 >= 48 && $0 <= 55 }
            }
        }
        guard all(rest, { $0 >= 48 && $0 <= 57 }) else { return false }
        // Decimal: must fit an Int64 or UInt64 (else it still matches the float pattern).
        return true
    }

    /// go-yaml v2 `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
    static func isBase60Float(_ b: [UInt8]) -> Bool {
        var i = 0
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, isDigit(b[i]) else { return false }
        i += 1
        while i < b.count, isDigit(b[i]) || b[i] == UInt8(ascii: "_") { i += 1 }
        var groups = 0
        while i < b.count, b[i] == UInt8(ascii: ":") {
            i += 1
            if i + 1 < b.count, b[i] >= 48, b[i] <= 53, isDigit(b[i + 1]) {
                i += 2
            } else if i < b.count, isDigit(b[i]) {
                i += 1
            } else {
                return false
            }
            groups += 1
        }
        guard groups > 0 else { return false }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, isDigit(b[i]) || b[i] == UInt8(ascii: "_") { i += 1 }
        }
        return i == b.count
    }

    /// go-yaml v2 `parseTimestamp`: `2006-1-2`, `2006-1-2 15:4:5[.9]`, `2006-1-2T15:4:5[.9]Z07:00`.
    static func isTimestamp(_ b: [UInt8]) -> Bool {
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        var i = 0
        func num(_ min: Int, _ max: Int) -> Int? {
            var v = 0
            let s = i
            while i < b.count, isDigit(b[i]), i - s < max {
                v = v * 10 + Int(b[i] - 48)
                i += 1
            }
            return i - s >= min ? v : nil
        }
        guard b.count >= 8, let year = num(4, 4), i < b.count, b[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard let month = num(1, 2), (1...12).contains(month), i < b.count, b[i] == UInt8(ascii: "-") else {
            return false
        }
        i += 1
        guard let day = num(1, 2) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return false }
        if i == b.count { return true }
        let sep = b[i]
        guard sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == UInt8(ascii: " ") else { return false }
        i += 1
        guard let h = num(1, 2), h < 24, i < b.count, b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard let m = num(1, 2), m < 60, i < b.count, b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard let s = num(1, 2), s < 60 else { return false }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard num(1, 100) != nil else { return false }
        }
        if sep == UInt8(ascii: " ") { return i == b.count }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "Z") { return i + 1 == b.count }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard num(2, 2) != nil, i < b.count, b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard num(2, 2) != nil else { return false }
        return i == b.count
    }

    // MARK: - Numbers

    /// A JSON number as kubectl prints it: an integer that fits 64 bits as written (`-0` → `0`),
    /// an integral value below 2^64 in full, anything else in Go's shortest `%g` form.
    static func goNumber(_ text: String) -> String {
        if let i = Int64(text) { return String(i) }
        if let u = UInt64(text) { return String(u) }
        guard let d = Double(text), d.isFinite else { return text }
        if d == d.rounded(), abs(d) < 18_446_744_073_709_551_616 {
            if let i = Int64(exactly: d) { return String(i) }
            if let u = UInt64(exactly: d) { return String(u) }
        }
        return goShortestG(d)
    }

    /// `strconv.FormatFloat(d, 'g', -1, 64)`.
    static func goShortestG(_ d: Double) -> String {
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        // Swift's description holds the shortest round-trip digits; take them apart.
        var s = "\(abs(d))"
        var exp10 = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp10 = Int(s[s.index(after: e)...]) ?? 0
            s = String(s[..<e])
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + fracPart
        var dp = intPart.count + exp10
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            dp -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let exp = dp - 1
        let sign = d < 0 ? "-" : ""
        if exp < -4 || exp >= 6 {
            var m = String(digits.first!)
            if digits.count > 1 { m += "." + digits.dropFirst() }
            let es = abs(exp) < 10 ? "0\(abs(exp))" : "\(abs(exp))"
            return "\(sign)\(m)e\(exp < 0 ? "-" : "+")\(es)"
        }
        if dp <= 0 { return sign + "0." + String(repeating: "0", count: -dp) + digits }
        if dp >= digits.count { return sign + digits + String(repeating: "0", count: dp - digits.count) }
        let idx = digits.index(digits.startIndex, offsetBy: dp)
        return sign + digits[..<idx] + "." + digits[idx...]
    }
}

// MARK: - Byte classes (go-yaml yamlprivateh.go)

@inline(__always) private func width(_ b: UInt8) -> Int {
    if b & 0x80 == 0 { return 1 }
    if b & 0xE0 == 0xC0 { return 2 }
    if b & 0xF0 == 0xE0 { return 3 }
    if b & 0xF8 == 0xF0 { return 4 }
    return 1
}

@inline(__always) private func byte(_ v: [UInt8], _ i: Int) -> UInt8 { i < v.count ? v[i] : 0 }

private func isSpace(_ v: [UInt8], _ i: Int) -> Bool { byte(v, i) == 0x20 }
private func isBlank(_ v: [UInt8], _ i: Int) -> Bool { byte(v, i) == 0x20 || byte(v, i) == 0x09 }
private func isBOM(_ v: [UInt8], _ i: Int) -> Bool {
    byte(v, i) == 0xEF && byte(v, i + 1) == 0xBB && byte(v, i + 2) == 0xBF
}
private func isBreak(_ v: [UInt8], _ i: Int) -> Bool {
    let b = byte(v, i)
    return b == 0x0D || b == 0x0A || (b == 0xC2 && byte(v, i + 1) == 0x85)
        || (b == 0xE2 && byte(v, i + 1) == 0x80 && (byte(v, i + 2) == 0xA8 || byte(v, i + 2) == 0xA9))
}
private func isPrintable(_ v: [UInt8], _ i: Int) -> Bool {
    let b = byte(v, i)
    let b1 = byte(v, i + 1)
    let b2 = byte(v, i + 2)
    return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) || (b > 0xC2 && b < 0xED)
        || (b == 0xED && b1 < 0xA0) || b == 0xEE
        || (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)))
}
