import Foundation

/// The layout of a state directory: every stand-in keeps its files under one root a person can
/// read with ordinary tools.
public struct StateDirectory: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// `--state DIR`, else `TESTEX_STATE_DIR`, else `./.testex`.
    public static func resolve(option: String?, environment: [String: String], currentDirectory: String) -> StateDirectory {
        let path = option ?? environment["TESTEX_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".testex"
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: currentDirectory).appendingPathComponent(path)
        return StateDirectory(root: url)
    }

    public var dynamodb: URL { root.appendingPathComponent("dynamodb") }
    public var s3: URL { root.appendingPathComponent("s3") }
    public var outbox: URL { root.appendingPathComponent("ses/outbox") }
    public var logs: URL { root.appendingPathComponent("logs") }
    public var marker: URL { root.appendingPathComponent("testex-state.json") }

    /// Whether this directory was made by `testex-local` (so `reset` may empty it).
    public var isInitialized: Bool { FileManager.default.fileExists(atPath: marker.path) }
}
