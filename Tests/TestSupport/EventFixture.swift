import Foundation
import Shared
import WireFormat

/// One AWS event file under `Tests/TestSupport/aws-events/<folder>/`: real payloads from AWS's own
/// and other public projects (`aws-events/SOURCES.md` names each file's source and license).
public struct EventFixture: Sendable, CustomStringConvertible {
    public let folder: String
    public let name: String

    public var description: String { "\(folder)/\(name)" }

    public var url: URL { EventFixture.root.appendingPathComponent(folder).appendingPathComponent(name) }

    public func data() throws -> Data {
        try Data(contentsOf: url)
    }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSON.decode(type, from: data())
    }

    /// The fixtures, a resource of this target, so a clone of the repository alone has them.
    public static let root: URL = Bundle.module.url(forResource: "aws-events", withExtension: nil)!.standardizedFileURL

    /// Every event source folder (a folder holding JSON files), as the directory holds them: a
    /// folder added later is tested too.
    public static let folders: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !all(in: $0).isEmpty }.sorted()
    }()

    /// The folder's directory.
    public static func directory(_ folder: String) -> URL {
        root.appendingPathComponent(folder)
    }

    /// Every JSON file in a folder, sorted; empty when the folder is missing (a test checks that).
    public static func all(in folder: String) -> [EventFixture] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { EventFixture(folder: folder, name: $0) }
    }

    /// The fixture `<folder>/<name>.json`; throws when it is not there.
    public static func named(_ name: String, in folder: String) throws -> EventFixture {
        let fixture = EventFixture(folder: folder, name: name + ".json")
        guard FileManager.default.fileExists(atPath: fixture.url.path) else {
            throw MissingFixture(description: fixture.description)
        }
        return fixture
    }

    public struct MissingFixture: Error, CustomStringConvertible {
        public let description: String
    }
}
