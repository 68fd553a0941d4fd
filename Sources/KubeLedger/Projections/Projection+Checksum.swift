internal import Crypto

extension Projection {
    /// SHA-256 over ``encoded()``, whose layout is deterministic (maps are written in key order).
    public var checksum: [UInt8] { checksum(ofEncoded: encoded()) }

    /// SHA-256 over `bytes` (the state's ``encoded()`` bytes).
    public func checksum(ofEncoded bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
}
