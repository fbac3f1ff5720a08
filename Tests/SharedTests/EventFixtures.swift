import Foundation
import Shared

/// One AWS event file under `shared/fixtures/aws-events/<folder>/`.
struct EventFixture: Sendable, CustomStringConvertible {
    let folder: String
    let name: String

    var description: String { "\(folder)/\(name)" }

    var url: URL { EventFixture.root.appendingPathComponent(folder).appendingPathComponent(name) }

    func data() throws -> Data {
        try Data(contentsOf: url)
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSON.decode(type, from: data())
    }

    // This file is <repo>/Tests/SharedTests/EventFixtures.swift; the fixtures live beside the repository.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("../shared/fixtures/aws-events")
        .standardizedFileURL

    static let folders = ["apigw-v1", "apigw-v2", "scheduled", "s3", "sqs", "ses-receipt", "ses-notification"]

    /// Every JSON file in a folder, sorted; empty when the folder is missing (a test checks that).
    static func all(in folder: String) -> [EventFixture] {
        let directory = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { EventFixture(folder: folder, name: $0) }
    }

    /// The fixture `<folder>/<name>.json`; throws when it is not there.
    static func named(_ name: String, in folder: String) throws -> EventFixture {
        let fixture = EventFixture(folder: folder, name: name + ".json")
        guard FileManager.default.fileExists(atPath: fixture.url.path) else {
            throw MissingFixture(description: fixture.description)
        }
        return fixture
    }

    struct MissingFixture: Error, CustomStringConvertible {
        let description: String
    }
}
