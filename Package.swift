// swift-tools-version: 6.2
import PackageDescription

/// Settings applied to every Swift target (the swift-log / swift-configuration loop).
let upcoming: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "KubeLedger",
    products: [
        .executable(name: "kubeledger", targets: ["kubeledger"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "KubeLedger", targets: ["KubeLedger"]),
        .library(name: "KubeLedgerServer", targets: ["KubeLedgerServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    ],
    targets: [
        // MARK: - C libraries from Debian
        .systemLibrary(
            name: "LedgerCLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"]), .brew(["lmdb"])]
        ),
        .systemLibrary(
            name: "LedgerCZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]
        ),
        .systemLibrary(
            name: "LedgerCSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        // MARK: - Layers
        .target(name: "LedgerLMDB", dependencies: ["LedgerCLMDB"]),
        .target(
            name: "Ledger",
            dependencies: ["LedgerLMDB", "LedgerCZstd", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "KubeLedger",
            dependencies: ["Ledger", "Yams", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // TLS, client certificates and bearer tokens for every HTTP listener (serve, record's audit webhook):
        // one configuration in kube-apiserver's terms (docs/decisions/0008).
        .target(
            name: "KubeLedgerTLS",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The Kubernetes API over history (`kubeledger serve`): Hummingbird 2 (docs/decisions/0005).
        .target(
            name: "KubeLedgerServer",
            dependencies: [
                "KubeLedger", "Ledger", "KubeLedgerTLS",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The recorder (`kubeledger record`): list/watch a cluster into the ledger (docs/decisions/0006).
        .target(
            name: "KubeLedgerRecorder",
            dependencies: [
                "KubeLedger", "Ledger", "Yams", "KubeLedgerTLS",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "KubeLedgerCommands",
            dependencies: [
                "KubeLedger", "Ledger", "KubeLedgerServer", "KubeLedgerRecorder", "KubeLedgerTLS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "kubeledger", dependencies: ["KubeLedgerCommands"]),
        // Release-mode figures for the projection fold and import adapters (docs/performance-projections.md).
        .executableTarget(name: "kubeledger-perf", dependencies: ["KubeLedger", "Ledger"], path: "tools/perf",
            exclude: ["callgrind.sh", "ui-cdp.py", "ui-timeline.sh"]),

        // MARK: - Tools
        .target(name: "KubeLedgerGenerator", path: "tools/generator/KubeLedgerGenerator"),
        .executableTarget(name: "kubeledger-gen", dependencies: ["KubeLedgerGenerator"], path: "tools/generator/kubeledger-gen"),
        // The benchmark: KubeLedger against raw LMDB and SQLite (docs/performance.md).
        .executableTarget(
            name: "kubeledger-bench",
            dependencies: [
                "Ledger", "LedgerLMDB", "LedgerCLMDB", "LedgerCSQLite", "KubeLedger", "KubeLedgerGenerator",
                "KubeLedgerServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "tools/bench",
            exclude: ["Fixtures"]
        ),

        // MARK: - Tests
        .target(name: "LedgerTestSupport", dependencies: ["Ledger"], path: "Tests/LedgerTestSupport"),
        .testTarget(
            name: "KubeLedgerGeneratorTests", dependencies: ["KubeLedgerGenerator"],
            path: "tools/generator/Tests/KubeLedgerGeneratorTests"),
        .testTarget(name: "LedgerLMDBTests", dependencies: ["LedgerLMDB", "LedgerTestSupport"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "LedgerLMDB", "LedgerTestSupport"]),
        .testTarget(
            name: "KubeLedgerTests",
            dependencies: ["KubeLedger", "Ledger", "LedgerTestSupport", "KubeLedgerGenerator", "Yams"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "KubeLedgerServerTests",
            dependencies: ["KubeLedgerServer", "KubeLedgerTLS", "KubeLedger", "Ledger", "LedgerTestSupport"]),
        .testTarget(
            name: "KubeLedgerCommandsTests",
            dependencies: [
                "KubeLedgerCommands", "KubeLedger", "Ledger", "LedgerLMDB", "LedgerTestSupport", "KubeLedgerGenerator", "kubeledger",
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + upcoming
}
