/// Entry points for the libFuzzer harnesses in `tools/fuzz` (not API: the leading `_`).
public enum _LedgerFuzzing {
    /// Decodes `bytes` as a stored record the way reads and `verify` do, and returns whether it
    /// decoded. Must never crash, whatever the bytes.
    public static func decodeRecord(_ bytes: UnsafeRawBufferPointer) -> Bool {
        _ = RecordCodec.bodyRange(bytes)
        if bytes.count >= RecordCodec.headerSize + RecordCodec.hashSize {
            _ = RecordCodec.computeHash(bytes)
            _ = RecordCodec.revision(bytes)
        }
        return (try? RecordCodec.decode(bytes, includeBody: true)) != nil
    }
}
