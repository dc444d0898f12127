// swift-tools-version:6.2
// libFuzzer targets, one per untrusted input: feed bodies (FeedParser.parse), Feeds.toml
// (ConfigLoader), `veille cluster`'s JSON Lines (ClusterInput + StoryClusterer), entries' HTML
// (FeedHTML: the sanitiser and the plain text, with invariants). Built apart from the
// main package (its own scratch path, `-Xswiftc -sanitize=fuzzer,address`): see `make fuzz` in the
// root Makefile.
import PackageDescription

// libFuzzer supplies main(); each Swift file only exports LLVMFuzzerTestOneInput.
let fuzzerSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "veille-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "veille", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzFeedParser",
            dependencies: [.product(name: "FeedParsing", package: "veille")],
            swiftSettings: fuzzerSettings),
        .executableTarget(
            name: "FuzzFeedsToml",
            dependencies: [.product(name: "VeilleCore", package: "veille")],
            swiftSettings: fuzzerSettings),
        .executableTarget(
            name: "FuzzClusterInput",
            dependencies: [.product(name: "StoryClustering", package: "veille")],
            swiftSettings: fuzzerSettings),
        .executableTarget(
            name: "FuzzHTMLSanitizer",
            dependencies: [.product(name: "FeedParsing", package: "veille")],
            swiftSettings: fuzzerSettings),
    ]
)
