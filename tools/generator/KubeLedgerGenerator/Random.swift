/// A small, fast, seedable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// The generator never touches `SystemRandomNumberGenerator`: every value it produces follows from
/// the seed, on every platform and in every run.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose whole output is determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        s0 = SeededRandom.splitMix(&sm)
        s1 = SeededRandom.splitMix(&sm)
        s2 = SeededRandom.splitMix(&sm)
        s3 = SeededRandom.splitMix(&sm)
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Returns the next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform integer in `0..<bound` (bound > 0), by Lemire's multiply-shift (bias is below 2^-40
    /// for the bounds used here, which is irrelevant for synthetic data).
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in `range`.
    @inline(__always)
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform double in `[0, 1)`.
    @inline(__always)
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// An exponentially distributed duration with the given mean, in nanoseconds (at least 1 ms).
    mutating func exponential(meanSeconds: Double) -> Int64 {
        let u = 1 - unit()  // (0, 1]
        let seconds = -meanSeconds * naturalLog(u)
        return max(1_000_000, Int64(seconds * 1e9))
    }

    /// A uniform duration in `[low, high]` seconds, in nanoseconds.
    mutating func seconds(_ low: Double, _ high: Double) -> Int64 {
        Int64((low + (high - low) * unit()) * 1e9)
    }

    /// A random element of a non-empty array.
    @inline(__always)
    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }
}

/// Natural logarithm without Foundation (via the standard library's `Double` support).
@inline(__always)
func naturalLog(_ x: Double) -> Double {
    // log(x) = log2(x) * ln 2; log2 from the exponent plus a series on the mantissa.
    precondition(x > 0)
    let exponent = Double(x.exponent)
    let mantissa = x.significand  // [1, 2)
    // ln(m) for m in [1,2): use atanh series ln(m) = 2 * atanh((m-1)/(m+1)).
    let y = (mantissa - 1) / (mantissa + 1)
    let y2 = y * y
    var term = y
    var sum = 0.0
    var k = 1.0
    for _ in 0..<12 {
        sum += term / k
        term *= y2
        k += 2
    }
    return exponent * 0.693_147_180_559_945_3 + 2 * sum
}

/// The alphabet Kubernetes uses for generated names (`k8s.io/apimachinery/pkg/util/rand`).
let nameAlphabet: [UInt8] = Array("bcdfghjklmnpqrstvwxz2456789".utf8)

/// The characters SafeEncodeString maps decimal digits to (`0→4 … 9→f`).
let hashDigitAlphabet: [UInt8] = Array("456789bcdf".utf8)

extension SeededRandom {
    /// `count` random characters from the generateName alphabet.
    mutating func nameSuffix(_ count: Int = 5) -> String {
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count { bytes[i] = nameAlphabet[below(nameAlphabet.count)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A version-4-shaped UUID string from the generator.
    mutating func uuid() -> String {
        uuidString(next(), next())
    }

    /// `count` random lowercase hex characters.
    mutating func hex(_ count: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: count)
        var bits: UInt64 = 0
        for i in 0..<count {
            if i % 16 == 0 { bits = next() }
            bytes[i] = hexDigit(UInt8(truncatingIfNeeded: bits) & 0xF)
            bits >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// 32-bit FNV-1a over `bytes`.
func fnv1a32(_ bytes: [UInt8], seed: UInt32 = 2_166_136_261) -> UInt32 {
    var hash = seed
    for byte in bytes {
        hash ^= UInt32(byte)
        hash = hash &* 16_777_619
    }
    return hash
}

/// 32-bit FNV-1 (multiply, then xor) over `bytes`, as ControllerRevision names use.
func fnv1_32(_ bytes: [UInt8]) -> UInt32 {
    var hash: UInt32 = 2_166_136_261
    for byte in bytes {
        hash = hash &* 16_777_619
        hash ^= UInt32(byte)
    }
    return hash
}

/// Kubernetes' `rand.SafeEncodeString(fmt.Sprint(value))`: decimal digits mapped to `456789bcdf`.
func safeEncode(_ value: UInt32) -> String {
    var digits: [UInt8] = []
    digits.int(Int(value))
    for i in digits.indices { digits[i] = hashDigitAlphabet[Int(digits[i] - 0x30)] }
    return String(decoding: digits, as: UTF8.self)
}

/// A pod-template-hash-shaped value: always 10 characters (the value is kept at or above 10^9, as
/// most real uint32 hashes are).
func templateHash(_ bytes: [UInt8]) -> String {
    let raw = fnv1a32(bytes)
    let value = 1_000_000_000 &+ raw % 3_294_967_295
    return safeEncode(value)
}

/// Formats 128 bits as a version-4-shaped UUID (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
func uuidString(_ high: UInt64, _ low: UInt64) -> String {
    let a = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
    let b = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
    return String(unsafeUninitializedCapacity: 36) { buffer in
        var position = 0
        func put(_ value: UInt64, _ nibbles: Int) {
            var shift = UInt64(4 * (nibbles - 1))
            for _ in 0..<nibbles {
                buffer[position] = hexDigit(UInt8(truncatingIfNeeded: value >> shift) & 0xF)
                position += 1
                shift &-= 4
            }
        }
        put(a >> 32, 8)
        buffer[position] = 0x2D; position += 1
        put(a >> 16, 4)
        buffer[position] = 0x2D; position += 1
        put(a, 4)
        buffer[position] = 0x2D; position += 1
        put(b >> 48, 4)
        buffer[position] = 0x2D; position += 1
        put(b, 12)
        return 36
    }
}

/// SplitMix64 finalizer: a good 64-bit mix of `x`.
@inline(__always)
func mix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
