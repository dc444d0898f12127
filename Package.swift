// swift-tools-version:6.2
// The module map is ../shared/DESIGN.md's: two C shims, one library per job, a thin executable.
import PackageDescription

let package = Package(
    name: "veille",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "veille", targets: ["veille"])],
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

        .target(name: "VeilleCore", dependencies: [
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Pure digest renderers and the atomic file writer (DESIGN.md: Foundation only).
        .target(name: "Digest"),
        .executableTarget(name: "veille", dependencies: [
            "VeilleCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "VeilleCoreTests", dependencies: ["VeilleCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DigestTests", dependencies: ["Digest"], resources: [.copy("Fixtures")]),
    ]
)
