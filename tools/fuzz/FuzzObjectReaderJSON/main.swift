import KubeLedger

/// ObjectDocumentReader on arbitrary bytes (JSON when they start with `{` or `[`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? ObjectDocumentReader().objects(from: bytes, source: "fuzz")
    return 0
}
