import KubeLedger

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    AuditLogAdapter(source: "fuzz").read(UnsafeRawBufferPointer(start: data, count: size)) { _ in }
    return 0
}
