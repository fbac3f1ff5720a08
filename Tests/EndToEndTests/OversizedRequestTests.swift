import Foundation
import Testing

@Suite("Requests larger than Lambda takes")
struct OversizedRequestTests {
    @Test func aBodyOverSixMegabytesIsAnswered413AndWritesNothing() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let body = FileManager.default.temporaryDirectory.appendingPathComponent("testex-big-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: body) }
        let content = String(repeating: "A", count: 7_000_000)
        try Data(#"{"filename":"a.txt","content_type":"text/plain","content_base64":"\#(content)"}"#.utf8).write(
            to: body
        )
        let before = harness.snapshot()
        let result = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/files",
            "--as",
            "admin",
            "--body",
            "@" + body.path
        )
        #expect(result.code == 4, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("HTTP 413"))
        #expect(try result.json()["error"] != nil)
        #expect(harness.snapshot() == before)
    }
}
