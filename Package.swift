// swift-tools-version:6.0
import PackageDescription

// Module layout and dependency rule: ../shared/ARCHITECTURE.md and docs/architecture.md.
// Ledger and Domain are pure (Foundation + swift-crypto only); a test in
// ArchitectureTests fails when either imports Vapor, Fluent, Leaf or NIO.
let package = Package(
    name: "LawTrail",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lawtrail", targets: ["lawtrail"]),
        // The pure modules on their own, for the libFuzzer package in Fuzz/ (docs/fuzzing.md),
        // which builds them with sanitizers without building Vapor.
        .library(name: "LawTrailCore", targets: ["Ledger", "Domain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        // S3 requests (issue 17 item 1); already in the graph through Vapor, named here because
        // Persistence uses it directly.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // The archive package's ZIP (issue 14 item 2): stored entries, ZIP64 as needed.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // `/metrics` in the Prometheus text format (issue 16): histograms, counters and gauges.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Test-only: the OpenAPI document is parsed and validated with real tools (issue 11 item 7).
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.4.0"),
    ],
    targets: [
        .target(
            name: "Ledger",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "Domain",
            dependencies: ["Ledger", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/calendar")]
        ),
        .target(
            name: "Persistence",
            dependencies: [
                "Domain", "Ledger",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // One service per capability between the doors (API, staff pages, CLI, jobs) and the
        // stores; never imports Vapor (ArchitectureTests).
        .target(
            name: "Services",
            dependencies: [
                "Domain", "Persistence", "Ledger",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "App",
            dependencies: [
                "Services", "Persistence", "Domain", "Ledger",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Views"), .copy("Public")]
        ),
        // `lawtrail bench ledger|publications` (docs/benchmarks.md): data generators and timed runs,
        // kept out of the server's App module.
        .target(
            name: "Benchmarks",
            dependencies: [
                "App", "Services", "Persistence", "Domain", "Ledger",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        .executableTarget(
            name: "lawtrail",
            dependencies: [
                "App", "Benchmarks", "Domain", "Ledger",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "App", "Services", "Persistence",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["Ledger", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Vectors")]),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(
            name: "PersistenceTests",
            dependencies: ["Persistence", "App", "Domain", "Ledger", "TestSupport", .product(name: "Vapor", package: "vapor")]),
        .testTarget(
            name: "ServicesTests",
            dependencies: ["Services", "App", "Domain", "Ledger", "Persistence", "TestSupport", .product(name: "VaporTesting", package: "vapor")]
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App", "Services", "Domain", "Ledger", "Persistence", "TestSupport", .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            ]
        ),
        .testTarget(name: "ArchitectureTests", dependencies: []),
    ]
)
