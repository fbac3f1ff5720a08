// swift-tools-version:6.0
import PackageDescription

let handlers = ["ContractProcessor", "DatabaseManager", "FileHandler", "NotificationService", "ApiGateway"]

/// The library targets each handler target imports: layers below the handlers, never a local stand-in.
let handlerDependencies: [String: [Target.Dependency]] = [
    "ContractProcessor": ["HandlerRuntime", "Shared", "AWSEvents", "WireFormat", "Cryptography"],
    "DatabaseManager": ["HandlerRuntime", "Shared", "WireFormat"],
    "FileHandler": ["HandlerRuntime", "Shared", "AWSEvents", "WireFormat", "Cryptography"],
    "NotificationService": ["HandlerRuntime", "Shared", "AWSEvents", "WireFormat", "Cryptography"],
    "ApiGateway": ["HandlerRuntime", "Shared", "AWSEvents", "WireFormat", "Cryptography"],
]

#if os(Linux)
let linksLibCrypto = false
#else
let linksLibCrypto = true
#endif

let package = Package(
    name: "testex",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "testex-local", targets: ["testex-local"]),
        .executable(name: "testex-lambda", targets: ["testex-lambda"]),
    ],
    targets: [
        // OpenSSL's libcrypto (MD5, SHA-256, HMAC, PBKDF2, random bytes); never our own crypto.
        // pkg-config finds Homebrew's OpenSSL on macOS (`brew install openssl@3`), where it is linked.
        // On Linux nothing links it: Cryptography/LibCrypto.swift opens it when a command first
        // needs it, so a process start does not load and relocate it (hence no pkg-config there,
        // whose flags would link it).
        .systemLibrary(
            name: "CCrypto",
            path: "Sources/CCrypto",
            pkgConfig: linksLibCrypto ? "libcrypto" : nil,
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // System calls the Swift overlays do not expose (syncfs, getrandom).
        .systemLibrary(name: "CPlatform", path: "Sources/CPlatform"),
        // Digests, HMAC, PBKDF2, constant-time comparison, secure random bytes, hex and base64url.
        .target(name: "Cryptography", dependencies: ["CCrypto", "CPlatform"]),
        // JSON values, their parser and writer, the one JSON configuration and the one timestamp
        // format: what every layer above reads and writes.
        .target(name: "WireFormat"),
        // The payloads AWS services hand a function (API Gateway, DynamoDB Streams, S3, SES, SNS,
        // SQS, EventBridge schedules), decoded from their JSON as Lambda delivers it.
        .target(name: "AWSEvents", dependencies: ["WireFormat"]),
        .target(name: "Shared", dependencies: ["AWSEvents", "WireFormat", "Cryptography"]),
        // What a handler runs on: the handler protocol, its context, logger and metrics, its
        // services, the invoker protocol and the typed clients and webhook dispatcher built on it.
        .target(name: "HandlerRuntime", dependencies: ["Shared", "WireFormat"]),
        // Signature Version 4, headers and presigned query links: the one implementation, used by
        // the AWS clients and by the local S3 stand-in's presigner (as soto keeps SotoSignerV4 apart).
        .target(name: "Signing", dependencies: ["Shared", "WireFormat", "Cryptography"]),
        .target(
            name: "LocalAWS",
            dependencies: [
                "HandlerRuntime", "Shared", "AWSEvents", "WireFormat", "Cryptography", "Signing", "CCrypto",
                "CPlatform",
            ]
        ),
        // The service protocols over AWS's HTTPS APIs (DynamoDB, S3, SES, Lambda), signed with SigV4.
        .target(
            name: "AWSClients",
            dependencies: ["HandlerRuntime", "Shared", "AWSEvents", "WireFormat", "Signing", "CCrypto"]
        ),
    ] + handlers.map { .target(name: $0, dependencies: handlerDependencies[$0] ?? ["Shared"]) } + [
        // Wires the LocalAWS stand-ins to the handlers and implements the CLI commands.
        .target(
            name: "LocalHarness",
            dependencies: ["HandlerRuntime", "Shared", "AWSEvents", "WireFormat", "Cryptography", "LocalAWS"]
                + handlers.map { .byName(name: $0) }
        ),
        .executableTarget(name: "testex-local", dependencies: ["LocalHarness"]),
        // `--backend aws`: kept out of testex-local, whose start would otherwise load libcurl,
        // libxml2 and ICU; testex-local hands such command lines to testex-local-aws.
        .target(name: "AWSHarness", dependencies: ["LocalHarness", "AWSClients", "LocalAWS", "Shared"]),
        .executableTarget(name: "testex-local-aws", dependencies: ["AWSHarness", "LocalHarness"]),
        // The in-process figures of scripts/bench.sh.
        .executableTarget(name: "testex-bench", dependencies: ["LocalHarness", "LocalAWS", "Shared", "WireFormat"]),
        // The Lambda Runtime API loop and the wiring of one function on the AWS clients.
        .target(
            name: "LambdaRuntime",
            dependencies: ["HandlerRuntime", "Shared", "WireFormat", "AWSClients"] + handlers.map { .byName(name: $0) }
        ),
        .executableTarget(name: "testex-lambda", dependencies: ["LambdaRuntime"]),
        // Prints the template's generated sections (tables) from the one declaration in Shared.
        .executableTarget(name: "template-tables", dependencies: ["Shared", "AWSClients"]),

        // For every test target: the AWS event fixtures (real payloads, with their sources and
        // licenses) and the moto server the suites of the AWS clients run against.
        .target(
            name: "TestSupport",
            dependencies: ["Shared", "WireFormat", "Signing", "AWSClients"],
            path: "Tests/TestSupport",
            resources: [.copy("aws-events")]
        ),
        .testTarget(
            name: "SharedTests",
            dependencies: ["HandlerRuntime", "Shared", "AWSEvents", "WireFormat", "Cryptography", "TestSupport"]
        ),
        .testTarget(
            name: "LocalAWSTests",
            dependencies: [
                "LocalAWS", "Signing", "HandlerRuntime", "Shared", "AWSEvents", "WireFormat", "AWSClients",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "HandlerTests",
            dependencies: [
                "HandlerRuntime", "Shared", "AWSEvents", "WireFormat", "LocalAWS", "LocalHarness", "TestSupport",
            ]
                + handlers.map { .byName(name: $0) }
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "LocalHarness", "AWSHarness", "Shared", "AWSEvents", "WireFormat", "Cryptography", "LocalAWS",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "AWSClientsTests",
            dependencies: [
                "AWSClients", "Signing", "HandlerRuntime", "Shared", "WireFormat", "LocalAWS", "TestSupport",
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "LambdaRuntimeTests",
            dependencies: ["LambdaRuntime", "AWSClients", "HandlerRuntime", "Shared", "WireFormat", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Release builds reach generic metadata (`KeyedDecodingContainer<CodingKeys>` of every Codable
// type) through accessor functions instead of mangled names: a mangled name makes the runtime
// look each requirement's conformance up by scanning every conformance record of the binary,
// which cost a fresh `testex-local` process a fifth of its instructions.
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .unsafeFlags(
                ["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"],
                .when(configuration: .release)
            )
        ]
}
