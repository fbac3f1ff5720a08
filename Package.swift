// swift-tools-version:6.0
import PackageDescription

let handlers = ["ContractProcessor", "DatabaseManager", "FileHandler", "NotificationService", "ApiGateway"]

let package = Package(
    name: "testex",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "testex-local", targets: ["testex-local"]),
    ],
    targets: [
        // OpenSSL's libcrypto (MD5, SHA-256, HMAC, PBKDF2, random bytes); never our own crypto.
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
        .target(name: "Shared", dependencies: ["CCrypto"]),
        .target(name: "LocalAWS", dependencies: ["Shared", "CCrypto"]),
    ] + handlers.map { .target(name: $0, dependencies: ["Shared"]) } + [
        // Wires the LocalAWS stand-ins to the handlers and implements the CLI commands.
        .target(name: "LocalHarness", dependencies: ["Shared", "LocalAWS"] + handlers.map { .byName(name: $0) }),
        .executableTarget(name: "testex-local", dependencies: ["LocalHarness"]),
        // The in-process figures of scripts/bench.sh.
        .executableTarget(name: "testex-bench", dependencies: ["LocalHarness", "LocalAWS", "Shared"]),

        .testTarget(name: "SharedTests", dependencies: ["Shared"]),
        .testTarget(name: "LocalAWSTests", dependencies: ["LocalAWS", "Shared"]),
        .testTarget(name: "HandlerTests", dependencies: ["Shared", "LocalAWS", "LocalHarness"] + handlers.map { .byName(name: $0) }),
        .testTarget(name: "EndToEndTests", dependencies: ["LocalHarness", "Shared", "LocalAWS"]),
    ],
    swiftLanguageModes: [.v6]
)
