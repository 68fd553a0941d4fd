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
        let uid = RecordCodec.uidRange(bytes)
        guard let event = try? RecordCodec.decode(bytes, includeBody: true) else { return false }
        // The append path's uid shortcut (format 5 `uids` runs) agrees with the decoder.
        let shortcut = uid.map { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        precondition(shortcut == event.object.uid, "uidRange disagrees with decode")
        return true
    }
}
