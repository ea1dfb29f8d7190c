// swift-tools-version:6.1
import PackageDescription

#if arch(x86_64)
    // The journal's CRC-32C with the SSE4.2 `crc32` instruction (about 4.6 times the table-driven one here; the
    // tests check the two against each other).
    let journalSettings: [SwiftSetting] = [
        .define("TANDEM_CRC32C_SSE42"), .unsafeFlags(["-target-cpu", "nehalem"]),
    ]
#else
    let journalSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "Tandem",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        .executable(name: "loadtest", targets: ["loadtest"]),
        .library(name: "TandemEngine", targets: ["TandemEngine"]),
        .library(name: "TandemWire", targets: ["TandemWire"]),
        .library(name: "TandemWireMapping", targets: ["TandemWireMapping"]),
        .library(name: "TandemClient", targets: ["TandemClient"]),
        .library(name: "TandemJournal", targets: ["TandemJournal"]),
        .library(name: "TandemServer", targets: ["TandemServer"]),
        .executable(name: "market-maker", targets: ["market-maker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibUV",
            pkgConfig: "libuv",
            providers: [.apt(["libuv1-dev"])]
        ),
        .target(name: "TandemAMM"),
        .target(name: "TandemRing"),
        .target(
            name: "TandemEngine",
            dependencies: ["TandemAMM"],
            // One thread owns the engine; dynamic exclusivity checks on its storage cost ~15 % of throughput.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .target(name: "TandemJSON", dependencies: ["TandemEngine"]),
        // The binary wire protocol's codec: generated from Protocol/schema.json, depends on nothing.
        .target(name: "TandemWire"),
        // Wire requests to engine commands and engine events to wire reports, for the server.
        .target(name: "TandemWireMapping", dependencies: ["TandemEngine", "TandemWire"]),
        // A Swift client of the wire protocol: blocking or polled sockets, no libuv.
        .target(name: "TandemClient", dependencies: ["TandemWire"]),
        // Processor hints for spinning and reading ahead (header-only).
        .target(name: "CProcessor"),
        // Direct I/O for the journal's segments (`O_DIRECT` needs `_GNU_SOURCE`).
        .target(name: "CJournal"),
        // The settlement journal: segments, group commit, snapshots, recovery and replay.
        .target(
            name: "TandemJournal",
            dependencies: ["CJournal", "CProcessor", "TandemEngine", "TandemJSON", "TandemRing"],
            swiftSettings: journalSettings),
        // The libuv server: sessions, market data, metrics, and the engine thread behind the rings.
        .target(
            name: "TandemServer",
            dependencies: [
                "CLibUV", "CProcessor", "TandemEngine", "TandemJSON", "TandemJournal", "TandemRing", "TandemWire",
                "TandemWireMapping",
            ],
            // The loop thread owns the server's state: dynamic exclusivity checks cost ~8 % of its time.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .executableTarget(
            name: "tandem",
            dependencies: [
                "TandemEngine",
                "TandemJSON",
                "TandemJournal",
                "TandemServer",
                "CLibUV",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "loadtest",
            dependencies: [
                "TandemEngine",
                "TandemWire",
                "TandemClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "LoadTests/Sources/loadtest",
            // The harness shares the machine with the server it measures: no dynamic exclusivity checks.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .executableTarget(
            name: "market-maker",
            dependencies: ["TandemClient", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/MarketMaker"
        ),
        .testTarget(name: "TandemAMMTests", dependencies: ["TandemAMM"]),
        .testTarget(name: "TandemRingTests", dependencies: ["TandemRing"]),
        .testTarget(name: "TandemEngineTests", dependencies: ["TandemEngine"]),
        .testTarget(name: "TandemJSONTests", dependencies: ["TandemEngine", "TandemJSON"]),
        .testTarget(name: "TandemWireTests", dependencies: ["TandemWire", "TandemEngine"]),
        .testTarget(name: "TandemWireMappingTests", dependencies: ["TandemWireMapping", "TandemWire", "TandemEngine"]),
        .testTarget(name: "TandemClientTests", dependencies: ["TandemClient", "TandemWire"]),
        .testTarget(
            name: "LoadTestTests", dependencies: ["loadtest", "TandemEngine", "TandemJSON", "TandemWire"],
            path: "LoadTests/Tests/LoadTestTests"
        ),
        .testTarget(name: "TandemJournalTests", dependencies: ["TandemJournal", "TandemEngine", "TandemJSON"]),
        .testTarget(
            name: "TandemServerTests",
            dependencies: ["TandemServer", "TandemClient", "TandemWire", "TandemEngine", "TandemJournal"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
