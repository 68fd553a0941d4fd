import KubeLedger

#if canImport(Glibc)
import Glibc
#endif

/// The projection snapshot decoders (catch-up, time travel, `replay --verify`) on arbitrary
/// bytes: a damaged snapshot in data.mdb hands them exactly such bytes. Each must throw, never
/// crash; what decodes must encode again.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let p = try? LiveObjectsProjection(decoding: bytes) { _ = try? LiveObjectsProjection(decoding: p.encoded()) }
    _ = try? PodsProjection(decoding: bytes)
    _ = try? RolloutsProjection(decoding: bytes)
    _ = try? StatefulSetIdentityProjection(decoding: bytes)
    _ = try? DaemonSetsProjection(decoding: bytes)
    _ = try? ClusterProjections(decoding: bytes)
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
