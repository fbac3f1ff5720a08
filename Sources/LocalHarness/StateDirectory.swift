import Foundation
import LocalAWS
import Shared
import WireFormat

/// The layout of a state directory: every stand-in keeps its files under one root a person can
/// read with ordinary tools.
public struct StateDirectory: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// `--state DIR`, else `TESTEX_STATE_DIR`, else `./.testex`.
    public static func resolve(
        option: String?,
        environment: [String: String],
        currentDirectory: String
    ) -> StateDirectory {
        let path = option ?? environment["TESTEX_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".testex"
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path) : URL(fileURLWithPath: currentDirectory).appendingPathComponent(path)
        return StateDirectory(root: url)
    }

    public var dynamodb: URL { root.appendingPathComponent("dynamodb") }
    public var s3: URL { root.appendingPathComponent("s3") }
    public var outbox: URL { root.appendingPathComponent("ses/outbox") }
    public var logs: URL { root.appendingPathComponent("logs") }
    /// Queued asynchronous invocations: `pending/`, `in-flight/`, `dead-letter/`.
    public var queue: URL { root.appendingPathComponent("queue") }
    /// The event source mappings' places in the tables' streams.
    public var streams: URL { root.appendingPathComponent("streams") }

    /// The local Step Functions executions, one file each.
    public var executions: URL { root.appendingPathComponent("stepfunctions/campaigns/executions") }

    var streamCheckpoints: FileStreamCheckpoints { FileStreamCheckpoints(root: streams, durabilityRoot: root) }
    public var marker: URL { root.appendingPathComponent("testex-state.json") }

    /// Whether this directory was made by `testex-local` (so `reset` may empty it).
    public var isInitialized: Bool { FileManager.default.fileExists(atPath: marker.path) }

    /// The top-level names `testex-local` makes; a directory holding only these (and temporary
    /// files) is a state whose initialization stopped before writing its marker.
    static let layoutNames: Set<String> = [
        ".lock", "dynamodb", "s3", "ses", "logs", "queue", "streams", "stepfunctions", "quarantine",
        "signing-keys.json",
        "testex-state.json",
    ]

    /// The layout version; a newer `testex-local` that adds tables or buckets raises it, so
    /// existing states get what is missing on their next command.
    public static let format = 7

    struct Marker: Codable {
        var format: Int
        var createdAt: String
        var environments: [String]

        enum CodingKeys: String, CodingKey {
            case format
            case createdAt = "created_at"
            case environments
        }
    }

    /// Refuses a state a newer `testex-local` wrote (a higher format) before anything reads or
    /// writes it: this build would drop what it does not know.
    public func refuseNewerFormat() throws {
        guard let data = try? DurableFile.read(marker), let stored = Self.storedFormat(data), stored > Self.format
        else { return }
        throw UsageError(
            "\(root.path) is a state of format \(stored), written by a newer testex-local; "
                + "this one reads and writes format \(Self.format) only, and changed nothing"
        )
    }

    /// The marker's `format`, an integer, read with the byte parser: every command reads it before
    /// anything else, and a decoder type of its own cost a fresh process a sixth of a millisecond.
    private static func storedFormat(_ data: Data) -> Int? {
        guard case .number(let number)? = (try? JSONValueParser.parse(data))?["format"] else { return nil }
        return Int(number.description)
    }

    /// The environments whose tables and buckets exist at this layout version.
    func initializedEnvironments(format: Int) -> Set<String> {
        guard let data = try? DurableFile.read(marker), let marker = try? JSON.decode(Marker.self, from: data),
            marker.format == format
        else { return [] }
        return Set(marker.environments)
    }

    /// Records that an environment's resources exist; written last by `initialize`, so an
    /// interrupted initialization runs again.
    func markInitialized(environment: String, at date: Date) throws {
        var marker =
            (try? DurableFile.read(marker)).flatMap { try? JSON.decode(Marker.self, from: $0) }
            ?? Marker(format: StateDirectory.format, createdAt: Timestamp.string(date), environments: [])
        try refuseNewerFormat()
        if marker.format != StateDirectory.format {
            marker.format = StateDirectory.format
            marker.environments = []
        }
        if !marker.environments.contains(environment) { marker.environments.append(environment) }
        try DurableFile.write(try JSON.encodePretty(marker), to: self.marker)
    }
}
