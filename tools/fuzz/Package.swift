// swift-tools-version: 6.2
// libFuzzer harnesses, one executable per parser. Outside the root manifest because they only
// link with `-sanitize=fuzzer` (each main.swift hands its target to FuzzDriver's `runFuzzer`,
// which hands control to libFuzzer's LLVMFuzzerRunDriver).
// Build and run with tools/fuzz/run.sh.
import PackageDescription

// The root package's identity is its directory name (a path dependency), whatever the checkout
// is called: /work/main, a worktree, a CI clone.
let root = Context.packageDirectory.split(separator: "/").dropLast(2).last.map { $0.lowercased() } ?? "kubeledger"

let harnesses = [
    "FuzzObjectReaderJSON", "FuzzObjectReaderYAML", "FuzzNativeEvents", "FuzzAuditLog", "FuzzWatchStream",
    "FuzzListSnapshot", "FuzzRecordDecoder", "FuzzSnapshotDecoder", "FuzzAPIRequest", "FuzzJSONPath", "FuzzPodRow",
]

/// The root package's library each harness exercises.
func library(_ harness: String) -> String {
    switch harness {
    case "FuzzRecordDecoder": "Ledger"
    case "FuzzAPIRequest": "KubeLedgerServer"
    default: "KubeLedger"
    }
}

let package = Package(
    name: "KubeLedgerFuzz",
    dependencies: [.package(path: "../..")],
    targets: [.target(name: "FuzzDriver", path: "FuzzDriver")] + harnesses.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzDriver", .product(name: library(name), package: root),
            ],
            path: name,
            // gold fails with an internal error on the ASan-instrumented objects; lld links them.
            linkerSettings: [.unsafeFlags(["-use-ld=lld"])])
    }
)
