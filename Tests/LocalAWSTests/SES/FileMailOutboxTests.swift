import Foundation
import LocalAWS
import Shared
import Testing

@Suite("FileMailOutbox on disk")
struct FileMailOutboxTests {
    @Test func eachMessageIsAnEmlAndAPrettySortedJSONRecord() async throws {
        let scratch = ScratchDirectory("testex-ses-file")
        defer { scratch.remove() }
        let outbox = FileMailOutbox(
            root: scratch.url,
            verifiedIdentities: ["noreply@testex-dev.com"],
            clock: referenceClock
        )
        let id = try await outbox.sendEmail(terminationNotice())
        #expect(scratch.files() == [".lock", "\(id).eml", "\(id).json"])
        let text = try String(contentsOf: scratch.url.appendingPathComponent("\(id).json"), encoding: .utf8)
        let keys = text.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\""), line.hasPrefix("  \""), let end = trimmed.dropFirst().firstIndex(of: "\"")
            else { return nil }
            return String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
        }
        #expect(
            keys == ["bcc", "cc", "from", "message_id", "status", "subject", "tags", "template", "timestamp", "to"]
        )
        #expect(text.contains("\"timestamp\" : \"2026-11-18T11:06:40.123Z\""))
        #expect(text.contains("\"status\" : \"SENT\""))
    }

    @Test func recordsAreTheCommitPoint() async throws {
        let scratch = ScratchDirectory("testex-ses-commit")
        defer { scratch.remove() }
        let outbox = FileMailOutbox(
            root: scratch.url,
            verifiedIdentities: ["noreply@testex-dev.com"],
            clock: referenceClock
        )
        let id = try await outbox.sendEmail(terminationNotice())
        // A crash between the two writes leaves an .eml without a record: not a sent message.
        let orphan = "0100019a00000000-00000000-0000-0000-0000-000000000000-000000"
        try DurableFile.write(Data("From: x\r\n\r\n".utf8), to: scratch.url.appendingPathComponent("\(orphan).eml"))
        try DurableFile.write(Data("{}".utf8), to: scratch.url.appendingPathComponent(".tmp-1-2"))
        #expect(try await outbox.list().map(\.messageId) == [id])
        #expect(try await outbox.message(id: orphan) == nil)
        let reopened = FileMailOutbox(root: scratch.url, verifiedIdentities: [])
        #expect(try await reopened.list().map(\.messageId) == [id])
    }
}
