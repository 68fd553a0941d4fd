import KubeLedger

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var adapter = WatchStreamAdapter(source: "fuzz")
    adapter.read(UnsafeRawBufferPointer(start: data, count: size)) { _ in }
    return 0
}
