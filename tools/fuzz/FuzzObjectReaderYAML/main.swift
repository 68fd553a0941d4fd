import KubeLedger

/// ObjectDocumentReader forced onto its YAML path (a comment line first), then YAMLConverter alone.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input: [UInt8] = Array("#\n".utf8)
    input.append(contentsOf: UnsafeBufferPointer(start: data, count: size))
    _ = try? ObjectDocumentReader().objects(from: input, source: "fuzz")
    return 0
}
