import Foundation
import Testing

/// Every file in `events/` works on a fresh `init --sample-data` state.
@Suite("Sample events")
struct EventFileTests {
    static func files(_ folder: String) -> [String] {
        let directory = Harness.repositoryRoot.appendingPathComponent("events/\(folder)")
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted().map { "events/\(folder)/\($0)" }
    }

    @Test func everyFolderHasEvents() {
        #expect(Self.files("api").count >= 20)
        #expect(Self.files("invalid").count >= 5)
        #expect(Self.files("direct").count >= 5)
    }

    @Test(arguments: files("api"))
    func apiEventsSucceedThroughInvokeApiGateway(_ file: String) async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let result = await harness.run("invoke", "ApiGateway", "--event", file)
        #expect(result.code == 0, "\(file): \(result.stderr)")
        let response = try result.json()
        let status = try #require(response["statusCode"] as? Int)
        #expect((200..<400).contains(status), "\(file) answered \(status): \(response["body"] ?? "")")
        let headers = response["headers"] as? [String: String]
        #expect(headers?["Access-Control-Allow-Origin"] == "*")
    }

    @Test(arguments: files("invalid"))
    func invalidEventsGetA4xxAndChangeNothing(_ file: String) async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let before = harness.snapshot()
        let result = await harness.run("invoke", "ApiGateway", "--event", file)
        #expect(result.code == 0, "\(file): \(result.stderr)")
        let response = try result.json()
        let status = try #require(response["statusCode"] as? Int)
        #expect((400..<500).contains(status), "\(file) answered \(status)")
        let body = try #require(
            (response["body"] as? String).flatMap {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        )
        let error = try #require(body["error"] as? [String: Any])
        #expect(error["code"] is String && error["message"] is String)
        #expect(harness.snapshot() == before, "\(file) changed the state")
    }

    @Test(arguments: files("direct"))
    func directInvocationsSucceed(_ file: String) async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let name = URL(fileURLWithPath: file).lastPathComponent
        let function = [
            "database-manager": "DatabaseManager", "contract-processor": "ContractProcessor",
            "file-handler": "FileHandler",
            "notification-service": "NotificationService",
        ].first { name.hasPrefix($0.key) }?.value
        let result = await harness.run("invoke", try #require(function, "\(name) names no function"), "--event", file)
        #expect(result.code == 0, "\(file): \(result.stdout) \(result.stderr)")
    }
}
