import Ledger

/// The stored-record decoder (reads, verify, repair) on arbitrary bytes: a damaged data.mdb
/// hands it exactly such bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = _LedgerFuzzing.decodeRecord(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
