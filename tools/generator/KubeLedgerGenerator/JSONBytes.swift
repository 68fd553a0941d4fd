// Byte-level JSON writing on `[UInt8]`: the hot path of the generator. No Foundation, no String
// building: keys are `StaticString`s, numbers are formatted digit by digit, strings are escaped
// byte by byte.

extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of a literal, unescaped (the caller writes valid JSON).
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends already-encoded bytes, unescaped.
    @inline(__always)
    mutating func raw(_ bytes: [UInt8]) {
        append(contentsOf: bytes)
    }

    /// Appends `text` as a JSON string (quotes and escapes included).
    @inline(__always)
    mutating func string(_ text: String) {
        append(0x22)
        escaped(text)
        append(0x22)
    }

    /// Appends `text` escaped for the inside of a JSON string, without quotes.
    mutating func escaped(_ text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ escapedUTF8($0) }) {
            return done
        }
        var copy = text
        copy.withUTF8 { escapedUTF8($0) }
    }

    /// Appends UTF-8 bytes escaped for the inside of a JSON string.
    @inline(__always)
    mutating func escapedUTF8(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count > 0 else { return }
        guard needsEscaping(utf8) else {
            append(contentsOf: utf8)
            return
        }
        do {
            var start = 0
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C {
                    if index > start {
                        append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                    }
                    switch byte {
                    case 0x22: raw("\\\"")
                    case 0x5C: raw("\\\\")
                    case 0x0A: raw("\\n")
                    case 0x0D: raw("\\r")
                    case 0x09: raw("\\t")
                    default:
                        raw("\\u00")
                        append(hexDigit(byte >> 4))
                        append(hexDigit(byte & 0x0F))
                    }
                    start = index + 1
                }
                index += 1
            }
            if count > start {
                append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<count]))
            }
        }
    }

    /// Appends a JSON object key with its quotes and the colon: `"key":`.
    @inline(__always)
    mutating func key(_ text: StaticString) {
        append(0x22)
        raw(text)
        append(0x22)
        append(0x3A)
    }

    /// Appends a decimal integer.
    mutating func int(_ value: Int) {
        if value < 0 {
            append(0x2D)
            if value == Int.min {
                raw("9223372036854775808")
                return
            }
            int(-value)
            return
        }
        if value < 10 {
            append(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch space
        var length = 0
        var remaining = UInt64(value)
        Swift.withUnsafeMutableBytes(of: &digits) { scratch in
            while remaining > 0 {
                length += 1
                scratch[24 - length] = 0x30 &+ UInt8(truncatingIfNeeded: remaining % 10)
                remaining /= 10
            }
            append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(24 - length)...]))
        }
    }

    /// Appends `value` as a quoted decimal string (`"42"`), as Kubernetes writes resourceVersions.
    @inline(__always)
    mutating func quotedInt(_ value: Int) {
        append(0x22)
        int(value)
        append(0x22)
    }

    /// Appends `true` or `false`.
    @inline(__always)
    mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// Appends an integer left-padded with zeros to `width` digits (for timestamps).
    @inline(__always)
    mutating func twoDigit(_ value: Int) {
        let index = 2 * value
        append(twoDigits[index])
        append(twoDigits[index + 1])
    }

    @inline(__always)
    mutating func padded(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor &*= 10 }
        var remaining = value
        while divisor > 0 {
            append(0x30 &+ UInt8(truncatingIfNeeded: (remaining / divisor) % 10))
            remaining %= divisor
            divisor /= 10
        }
    }

}

@inline(__always)
func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? 0x30 &+ nibble : 0x61 &+ nibble &- 10
}


/// Whether any byte is a control character, `"` or `\\` (eight bytes at a time).
@inline(__always)
func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = bytes.count
    guard count > 0, let base = bytes.baseAddress else { return false }
    let raw = UnsafeRawPointer(base)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    var index = 0
    while index + 8 <= count {
        let x = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        let control = (x &- ones &* 0x20) & ~x & highs
        let quote = x ^ (ones &* 0x22)
        let backslash = x ^ (ones &* 0x5C)
        let found = control | ((quote &- ones) & ~quote & highs) | ((backslash &- ones) & ~backslash & highs)
        if found != 0 { return true }
        index += 8
    }
    while index < count {
        let byte = bytes[index]
        if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
        index += 1
    }
    return false
}

/// "00" … "99".
let twoDigits: [UInt8] = {
    var table: [UInt8] = []
    for value in 0..<100 {
        table.append(0x30 + UInt8(value / 10))
        table.append(0x30 + UInt8(value % 10))
    }
    return table
}()
