// swift-tools-version:6.1
import PackageDescription

/// What every capability builds on: the domain rules, the floor and the libraries the floor uses.
let capabilityDependencies: [Target.Dependency] = [
    "YanglaoCore",
    "YanglaoPlatform",
    "Spreadsheet",
    .product(name: "Vapor", package: "vapor"),
    .product(name: "Fluent", package: "fluent"),
    .product(name: "SQLKit", package: "sql-kit"),
    .product(name: "Crypto", package: "swift-crypto"),
    .product(name: "Plot", package: "Plot"),
    .product(name: "OpenAPIKit", package: "OpenAPIKit"),
]

let package = Package(
    name: "yanglao",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "yanglao", targets: ["yanglao"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0" ..< "5.0.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.0"),
        .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.4.0"),
    ],
    targets: [
        .target(name: "YanglaoCore"),
        .target(name: "Spreadsheet", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The floor: configuration, database and writer, accounts and scope, regions, audit, the
        // registry kit, import flow, attachments, crypto, the page layout. It knows no capability.
        .target(
            name: "YanglaoPlatform",
            dependencies: [
                "YanglaoCore",
                "Spreadsheet",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            ],
            resources: [.copy("Resources")]
        ),
        // The capabilities, each on the floor alone: none imports another (CapabilityGraphTests). What
        // one offers the others is declared by the floor (`CapabilityInterfaces`) and wired by the server.
        .target(name: "YanglaoFacilities", dependencies: capabilityDependencies),
        .target(name: "YanglaoElders", dependencies: capabilityDependencies),
        .target(name: "YanglaoPlans", dependencies: capabilityDependencies, resources: [.copy("Resources")]),
        // The server: assembles the capabilities, the demo city and the home page.
        .target(
            name: "YanglaoServer",
            dependencies: ["YanglaoFacilities", "YanglaoElders", "YanglaoPlans"] + capabilityDependencies
                + [.product(name: "Prometheus", package: "swift-prometheus")],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "yanglao",
            dependencies: [
                "YanglaoServer",
                "YanglaoPlatform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "YanglaoCoreTests", dependencies: ["YanglaoCore"]),
        .testTarget(
            name: "YanglaoPlatformTests",
            dependencies: ["YanglaoPlatform", .product(name: "VaporTesting", package: "vapor")]
        ),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(
            name: "YanglaoServerTests",
            dependencies: [
                "YanglaoServer",
                "YanglaoFacilities",
                "YanglaoElders",
                "YanglaoPlans",
                "YanglaoPlatform",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)
