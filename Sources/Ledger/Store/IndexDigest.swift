/// An order-independent digest of a set of index entries: how many, and the wrapping sum of a
/// 64-bit hash of each (key, and value where the check compares values).
///
/// ``Ledger/verify(progress:)`` adds every entry the log implies while it reads the log in order,
/// then every entry an index holds while it walks the index in key order; equal digests mean the
/// index holds exactly the entries the log implies (a wrong, missing or extra entry changes the
/// count or, but for a chance of 2⁻⁶⁴, the sum). That replaces one random B-tree lookup per event
/// and index with one sequential walk per index. The hash is `Hasher`'s (SipHash, seeded per
/// process): both sides of one comparison are computed in the same process.
struct IndexDigest: Equatable {
    /// Entries added.
    private(set) var count = 0
    /// The wrapping sum of the entries' hashes.
    private(set) var sum: UInt64 = 0

    /// Adds the entry with `key` (and `value`, when the check covers values).
    mutating func add(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer? = nil) {
        var h = Hasher()
        h.combine(key.count)
        h.combine(bytes: key)
        if let value {
            h.combine(value.count)
            h.combine(bytes: value)
        } else {
            h.combine(-1)
        }
        count += 1
        sum &+= UInt64(bitPattern: Int64(h.finalize()))
    }

    /// Adds the entry with `key` (and `value`).
    mutating func add(key: [UInt8], value: [UInt8]? = nil) {
        key.withUnsafeBytes { k in
            if let value {
                value.withUnsafeBytes { add(key: k, value: $0) }
            } else {
                add(key: k, value: nil)
            }
        }
    }
}
