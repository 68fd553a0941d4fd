#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's entry point for programs with their own `main` (SwiftPM names the executable's
/// entry point itself, so libFuzzer's `main` cannot be used).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The harness's target, set once by ``runFuzzer(_:)`` before libFuzzer starts calling back
/// (on the main thread only).
nonisolated(unsafe) private var target: ((UnsafeRawBufferPointer) -> Void)?

/// Hands control to libFuzzer with the command line's arguments and exits with its status:
/// libFuzzer calls `fuzz` with each input (an input without bytes libFuzzer passes as a null
/// pointer is skipped). The one driver every harness in tools/fuzz shares.
public func runFuzzer(_ fuzz: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
    target = fuzz
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        target?(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    })
}
