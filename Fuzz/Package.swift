// swift-tools-version:6.2
// libFuzzer target over FeedParser.parse. Built apart from the main package (its own scratch path,
// `-Xswiftc -sanitize=fuzzer,address`): see `make fuzz` in the root Makefile.
import PackageDescription

let package = Package(
    name: "veille-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "veille", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzFeedParser",
            dependencies: [.product(name: "FeedParsing", package: "veille")],
            // libFuzzer supplies main(); the Swift file only exports LLVMFuzzerTestOneInput.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
