import KubeLedger

#if canImport(Glibc)
import Glibc
#endif

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var adapter = WatchStreamAdapter(source: "fuzz")
    adapter.read(UnsafeRawBufferPointer(start: data, count: size)) { _ in }
    return 0
}

// MARK: - Driver (the same in every harness)

/// libFuzzer's entry point for programs with their own `main` (SwiftPM names the executable's
/// entry point itself, so libFuzzer's `main` cannot be used).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    return fuzz(data, size)
})
