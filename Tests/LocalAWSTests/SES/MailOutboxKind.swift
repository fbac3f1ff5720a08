import Foundation
import LocalAWS
import Shared

/// The outboxes the conformance suite runs against.
enum MailOutboxKind: String, CaseIterable, CustomStringConvertible {
    case memory
    case file

    var description: String { rawValue }

    static let identities = ["noreply@testex-dev.com", "notifications.testex.com"]

    /// A fresh outbox; `files` lists the messages and records the file outbox wrote (not its
    /// lock; always empty for memory).
    func withOutbox(
        clock: @escaping @Sendable () -> Date = referenceClock,
        _ body: (any MailOutbox, _ files: () -> [String]) async throws -> Void
    ) async throws {
        let scratch = ScratchDirectory("testex-ses")
        defer { scratch.remove() }
        let outbox: any MailOutbox =
            switch self {
            case .memory: MemoryMailOutbox(verifiedIdentities: Self.identities, clock: clock)
            case .file:
                FileMailOutbox(
                    root: scratch.url.appendingPathComponent("outbox"),
                    verifiedIdentities: Self.identities,
                    clock: clock
                )
            }
        try await body(outbox, { scratch.files().filter { !$0.hasSuffix("/.lock") } })
    }
}

/// A valid request to vary in tests.
func terminationNotice(
    subject: String = "Contract CT001ABC terminated",
    to: [String] = ["contact@client.com"]
) -> SendEmailRequest {
    SendEmailRequest(
        from: "TESTEX <noreply@testex-dev.com>",
        to: to,
        subject: subject,
        textBody: "Your contract CT001ABC was terminated.",
        htmlBody: "<p>Your contract <b>CT001ABC</b> was terminated.</p>",
        template: "contract_termination",
        tags: ["contract_id": "CT001ABC"]
    )
}
