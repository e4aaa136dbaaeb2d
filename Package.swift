// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "RoleChain",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rolechain", targets: ["RoleChainCLI"]),
        .library(name: "IAMPolicy", targets: ["IAMPolicy"]),
        .library(name: "IAMStore", targets: ["IAMStore"]),
        .library(name: "IAMGraph", targets: ["IAMGraph"]),
        .library(name: "IAMReports", targets: ["IAMReports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        .target(name: "IAMPolicy", resources: [.copy("Data")]),
        .target(name: "IAMStoreMigrations", path: "Migrations", resources: [.copy("SQL")]),
        .target(
            name: "IAMStore",
            dependencies: ["IAMPolicy", "IAMStoreMigrations", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "IAMGraph",
            dependencies: ["IAMStore", "IAMPolicy", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "IAMReports", dependencies: ["IAMGraph"]),
        .target(
            name: "IAMLint",
            dependencies: ["IAMPolicy", "IAMStore", "IAMReports", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "RoleChainCLI",
            dependencies: [
                "IAMStore", "IAMGraph", "IAMReports", "IAMLint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.copy("Examples")]
        ),
        .target(
            name: "RoleChainTestSupport",
            dependencies: ["IAMPolicy", "IAMStore", "IAMGraph"],
            path: "Tests/RoleChainTestSupport"
        ),
        .testTarget(
            name: "IAMPolicyTests",
            dependencies: ["IAMPolicy", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "IAMStoreTests",
            dependencies: ["IAMStore", "IAMGraph", "RoleChainTestSupport"],
            resources: [.copy("BadInput")]
        ),
        .testTarget(name: "IAMGraphTests", dependencies: ["IAMGraph", "IAMStore", "RoleChainTestSupport"]),
        .testTarget(name: "IAMLintTests", dependencies: ["IAMLint", "RoleChainTestSupport"]),
        .testTarget(
            name: "IAMReportsTests",
            dependencies: ["IAMReports", .product(name: "SwiftCSV", package: "SwiftCSV")]
        ),
        .testTarget(
            name: "RoleChainCLITests",
            dependencies: ["RoleChainCLI", "RoleChainTestSupport", .product(name: "SwiftCSV", package: "SwiftCSV")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
