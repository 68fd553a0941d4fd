internal import Crypto

extension Projection {
    /// SHA-256 over ``encoded()``, whose layout is deterministic (maps are written in key order).
    public var checksum: [UInt8] { Array(SHA256.hash(data: encoded())) }
}
