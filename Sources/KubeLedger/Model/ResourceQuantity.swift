/// A Kubernetes resource quantity (`500m`, `1Gi`, `1e3`, `0.5`) reduced to an exact canonical
/// value, so quantities compare by value as `resource.Quantity.Cmp` does: `1000m` == `1`,
/// `1Gi` == `1024Mi`, `0.5` == `500m`.
///
/// The value is kept as `mantissa × 10^exponent` with no trailing zero in the mantissa. Binary
/// suffixes (`Ki` … `Ei`) are multiplied out exactly; a value too large for 64 bits keeps its
/// text as its canonical form (so it still equals only itself).
public struct ResourceQuantity: Sendable, Hashable {
    /// The decimal mantissa, without trailing zeros (0 for zero).
    public var mantissa: Int64
    /// The power of ten.
    public var exponent: Int

    /// Parses the quantity grammar of `k8s.io/apimachinery/pkg/api/resource`; `nil` if `text`
    /// is not a quantity.
    public init?(_ text: String) {
        var u = Array(text.utf8)[...]
        guard !u.isEmpty else { return nil }
        var negative = false
        if u.first == UInt8(ascii: "+") || u.first == UInt8(ascii: "-") {
            negative = u.first == UInt8(ascii: "-")
            u = u.dropFirst()
        }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var seenDot = false
        while let c = u.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: ".") {
            if c == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true
            } else {
                digits.append(c - UInt8(ascii: "0"))
                if seenDot { fractionDigits += 1 }
            }
            u = u.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        let suffix = String(decoding: u, as: UTF8.self)
        var exp10 = -fractionDigits
        var binaryPower = 0
        switch suffix {
        case "": break
        case "n": exp10 -= 9
        case "u": exp10 -= 6
        case "m": exp10 -= 3
        case "k": exp10 += 3
        case "M": exp10 += 6
        case "G": exp10 += 9
        case "T": exp10 += 12
        case "P": exp10 += 15
        case "E": exp10 += 18
        case "Ki": binaryPower = 10
        case "Mi": binaryPower = 20
        case "Gi": binaryPower = 30
        case "Ti": binaryPower = 40
        case "Pi": binaryPower = 50
        case "Ei": binaryPower = 60
        default:
            // Decimal exponent: e3, E-2.
            guard let first = suffix.first, first == "e" || first == "E", let e = Int(suffix.dropFirst()) else {
                return nil
            }
            exp10 += e
        }
        // Strip leading zeros, then trailing zeros into the exponent.
        while digits.count > 1, digits.first == 0 { digits.removeFirst() }
        while digits.count > 1, digits.last == 0 {
            digits.removeLast()
            exp10 += 1
        }
        var m: Int64 = 0
        for d in digits {
            let (a, o1) = m.multipliedReportingOverflow(by: 10)
            let (b, o2) = a.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            m = b
        }
        if binaryPower > 0 {
            for _ in 0..<binaryPower {
                let (a, o) = m.multipliedReportingOverflow(by: 2)
                if o { return nil }
                m = a
            }
        }
        if m == 0 {
            exp10 = 0
        } else {
            while m % 10 == 0 {
                m /= 10
                exp10 += 1
            }
        }
        mantissa = negative ? -m : m
        exponent = exp10
    }

    /// The canonical text `<mantissa>e<exponent>`, equal for equal values.
    public var canonical: String { "\(mantissa)e\(exponent)" }
}
