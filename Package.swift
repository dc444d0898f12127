// swift-tools-version:6.2
// The module map is ../shared/DESIGN.md's: two C shims, one library per job, a thin executable.
import PackageDescription

let package = Package(
    name: "veille",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "veille", targets: ["veille"]),
        // For Fuzz/ (the libFuzzer targets build these alone, with their own sanitizer flags).
        .library(name: "FeedParsing", targets: ["FeedParsing"]),
        .library(name: "StoryClustering", targets: ["StoryClustering"]),
        .library(name: "VeilleCore", targets: ["VeilleCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        // System-library shims: C types never leave the modules that import these.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),

        .target(name: "FeedFetching", dependencies: ["CCurl", "TextFormats"]),
        .target(name: "VeilleStore", dependencies: ["TextFormats", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "VeilleCore", dependencies: [
            "Digest", "FeedFetching", "FeedParsing", "StoryClustering", "TextFormats", "VeilleStore",
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // JSON string quoting and calendar arithmetic, written once for the modules below (Swift only).
        .target(name: "TextFormats"),
        .target(name: "FeedParsing", dependencies: ["CLibXML2", "TextFormats"]),
        // Story clustering: pure (no I/O, no clock), Foundation and Snowball only. Release builds skip
        // the dynamic exclusivity checks (the static ones stay, and debug builds and tests keep them):
        // they were 4 % of a long stream's clustering, on class properties touched per posting.
        .target(name: "StoryClustering", dependencies: ["CStemmer", "TextFormats"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // Pure digest renderers and the atomic file writer (DESIGN.md: Foundation only).
        .target(name: "Digest", dependencies: ["TextFormats"]),
        .executableTarget(name: "veille", dependencies: [
            "VeilleCore",
            "Digest",
            "FeedParsing",
            "StoryClustering",
            "TextFormats",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Test helpers: the loopback feed server (feedserver.py) shared by the network tests.
        .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["feedserver.py", "feeds"]),
        .testTarget(name: "FeedFetchingTests", dependencies: ["FeedFetching", "TestSupport"]),
        .testTarget(name: "FeedParsingTests", dependencies: ["FeedParsing"], resources: [.copy("Fixtures")]),
        .testTarget(name: "VeilleStoreTests", dependencies: ["VeilleStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "VeilleCLITests", dependencies: ["TestSupport", "VeilleStore"]),
        .testTarget(name: "VeilleCoreTests", dependencies: ["VeilleCore", "VeilleStore", "Digest", "StoryClustering", "FeedFetching", "TestSupport",
                                                   .product(name: "GRDB", package: "GRDB.swift")], resources: [.copy("Fixtures")]),
        .testTarget(name: "StoryClusteringTests", dependencies: ["StoryClustering", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TextFormatsTests", dependencies: ["TextFormats"]),
        .testTarget(name: "DigestTests", dependencies: ["Digest"], resources: [.copy("Fixtures")]),
    ]
)
