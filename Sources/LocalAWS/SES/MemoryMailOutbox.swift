import Foundation
import Shared

/// The SES stand-in in memory, with the same validation as `FileMailOutbox`, for fast tests.
public actor MemoryMailOutbox: MailOutbox {
    private var messages: [String: OutboxMessage] = [:]
    private let composer: OutboxComposer
    private let clock: @Sendable () -> Date

    /// An outbox accepting senders among `verifiedIdentities` (addresses, or domains for any address at them).
    public init(verifiedIdentities: [String], region: String = "us-east-1", clock: @escaping @Sendable () -> Date = { Date() }) {
        self.composer = OutboxComposer(verifiedIdentities: verifiedIdentities, region: region)
        self.clock = clock
    }

    public func sendEmail(_ request: SendEmailRequest) async throws -> String {
        store(try composer.compose(request, at: clock()))
    }

    public func sendRawEmail(from: String?, destinations: [String], rawMessage: Data) async throws -> String {
        store(try composer.composeRaw(from: from, destinations: destinations, rawMessage: rawMessage, at: clock()))
    }

    public func list() async throws -> [OutboxRecord] {
        messages.values.map(\.record).sortedBySendTime()
    }

    public func message(id: String) async throws -> OutboxMessage? {
        messages[id]
    }

    private func store(_ message: OutboxMessage) -> String {
        messages[message.record.messageId] = message
        return message.record.messageId
    }
}
