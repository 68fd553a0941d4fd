// RFC 3339 formatting and parsing on Unix nanoseconds, without Foundation.

/// How many fractional digits a timestamp carries.
enum TimePrecision {
    /// `2026-01-01T00:00:05Z` (metav1.Time: object metadata and conditions).
    case seconds
    /// `2026-01-01T00:00:05.123456Z` (metav1.MicroTime: audit timestamps).
    case micros
    /// `2026-01-01T00:00:05.123456789Z` (KubeLedger's native `occurredAt`).
    case nanos
}

extension Array where Element == UInt8 {
    /// Appends `nanos` (since the Unix epoch, UTC) as an RFC 3339 timestamp, unquoted.
    mutating func timestamp(_ nanos: Int64, _ precision: TimePrecision) {
        var seconds = nanos / 1_000_000_000
        var fraction = nanos % 1_000_000_000
        if fraction < 0 {
            fraction += 1_000_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civilFromDays(days)
        if year >= 0 && year <= 9999 {
            twoDigit(Int(year / 100))
            twoDigit(Int(year % 100))
        } else {
            padded(Int(year), width: 4)
        }
        append(0x2D)
        twoDigit(Int(month))
        append(0x2D)
        twoDigit(Int(day))
        append(0x54)
        twoDigit(Int(secondOfDay / 3600))
        append(0x3A)
        twoDigit(Int(secondOfDay / 60 % 60))
        append(0x3A)
        twoDigit(Int(secondOfDay % 60))
        switch precision {
        case .seconds:
            break
        case .micros:
            append(0x2E)
            let micros = Int(fraction / 1000)
            twoDigit(micros / 10_000)
            twoDigit(micros / 100 % 100)
            twoDigit(micros % 100)
        case .nanos:
            append(0x2E)
            let value = Int(fraction)
            append(0x30 &+ UInt8(truncatingIfNeeded: value / 100_000_000))
            twoDigit(value / 1_000_000 % 100)
            twoDigit(value / 10_000 % 100)
            twoDigit(value / 100 % 100)
            twoDigit(value % 100)
        }
        append(0x5A)
    }

    /// Appends a quoted RFC 3339 timestamp.
    @inline(__always)
    mutating func quotedTimestamp(_ nanos: Int64, _ precision: TimePrecision = .seconds) {
        append(0x22)
        timestamp(nanos, precision)
        append(0x22)
    }
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (year, month, day).
@inline(__always)
func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
}

/// Howard Hinnant's `days_from_civil`.
func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

/// Formats Unix nanoseconds as an RFC 3339 string with nanoseconds (`2026-01-01T00:00:05.123456789Z`).
public func formatRFC3339Nanos(_ nanos: Int64) -> String {
    var bytes: [UInt8] = []
    bytes.timestamp(nanos, .nanos)
    return String(decoding: bytes, as: UTF8.self)
}

/// Parses an RFC 3339 timestamp (`2026-01-01T00:00:00Z`, optional fraction, `Z` or `±hh:mm`)
/// into nanoseconds since the Unix epoch. Returns nil when the text is not RFC 3339.
public func parseRFC3339(_ text: String) -> Int64? {
    let b = Array(text.utf8)
    func digits(_ from: Int, _ count: Int) -> Int64? {
        guard from + count <= b.count else { return nil }
        var value: Int64 = 0
        for i in from..<(from + count) {
            guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
            value = value * 10 + Int64(b[i] - 0x30)
        }
        return value
    }
    guard b.count >= 20,
        let year = digits(0, 4), b[4] == 0x2D,
        let month = digits(5, 2), b[7] == 0x2D,
        let day = digits(8, 2), b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20,
        let hour = digits(11, 2), b[13] == 0x3A,
        let minute = digits(14, 2), b[16] == 0x3A,
        let second = digits(17, 2),
        (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var index = 19
    var fraction: Int64 = 0
    if index < b.count, b[index] == 0x2E {
        index += 1
        var scale: Int64 = 100_000_000
        let start = index
        while index < b.count, b[index] >= 0x30, b[index] <= 0x39 {
            fraction += Int64(b[index] - 0x30) * scale
            scale /= 10
            index += 1
        }
        guard index > start else { return nil }
    }
    guard index < b.count else { return nil }
    var offsetSeconds: Int64 = 0
    if b[index] == 0x5A || b[index] == 0x7A {
        index += 1
    } else if b[index] == 0x2B || b[index] == 0x2D {
        guard let oh = digits(index + 1, 2), index + 3 < b.count, b[index + 3] == 0x3A,
            let om = digits(index + 4, 2)
        else { return nil }
        offsetSeconds = (oh * 3600 + om * 60) * (b[index] == 0x2D ? -1 : 1)
        index += 6
    } else {
        return nil
    }
    guard index == b.count else { return nil }
    let days = daysFromCivil(year, month, day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
    return seconds * 1_000_000_000 + fraction
}
