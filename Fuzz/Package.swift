// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for LawTrail's hand-written parsers (docs/fuzzing.md, issue 12).
//
// A package of its own so that the root's `swift build` and `swift test` never see these
// executables, which have no `main` of their own: libFuzzer's is linked in by
// `-sanitize=fuzzer`. Only Ledger, Domain and swift-crypto are compiled (the root's
// `LawTrailCore` library); Vapor and the rest are resolved but never built.
// Build and run them all with scripts/fuzz.sh.
let targets = [
    "FuzzJSON",          // CanonicalJSON.decode, the canonical-leaf reader and LedgerEvent
    "FuzzNotes",         // signed notes, checkpoints, verifier and signer key strings
    "FuzzProofBundle",   // proof bundle files and their check
    "FuzzCalendar",      // holiday-arrangement (calendar import) files
    "FuzzIdentifier",    // USCC, resident ID numbers, Identifier.parse, masking
    "FuzzRange",         // HTTP Range headers (ByteRangeHeader)
    "FuzzUploadOffset",  // Upload-Offset and Content-Length of an upload PATCH
]

let package = Package(
    name: "LawTrailFuzz",
    platforms: [.macOS(.v14)],
    products: targets.map { .executable(name: $0, targets: [$0]) },
    dependencies: [
        .package(name: "LawTrail", path: ".."),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        .target(name: "CFuzzDriver"),
        .target(
            name: "FuzzSupport",
            dependencies: [
                "CFuzzDriver",
                .product(name: "LawTrailCore", package: "LawTrail"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ] + targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport",
                .product(name: "LawTrailCore", package: "LawTrail"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        )
    }
)
