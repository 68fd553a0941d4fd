// swift-tools-version: 6.2
// libFuzzer harnesses, one executable per parser. Outside the root manifest because they only
// link with `-sanitize=fuzzer` (libFuzzer provides `main`). Build and run with tools/fuzz/run.sh.
import PackageDescription

let harnesses = [
    "FuzzObjectReaderJSON", "FuzzObjectReaderYAML", "FuzzNativeEvents", "FuzzAuditLog", "FuzzWatchStream",
    "FuzzListSnapshot", "FuzzRecordDecoder",
]

let package = Package(
    name: "KubeLedgerFuzz",
    dependencies: [.package(path: "../..")],
    targets: harnesses.map { name in
        .executableTarget(
            name: name,
            dependencies: [.byName(name: name == "FuzzRecordDecoder" ? "Ledger" : "KubeLedger")],
            path: name,
            // The file is main.swift by convention; parse it as a library so that libFuzzer's
            // main is the entry point.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    }
)
