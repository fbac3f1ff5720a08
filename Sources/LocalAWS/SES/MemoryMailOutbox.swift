import Foundation
import Shared

/// The SES stand-in in memory, with the same validation as `FileMailOutbox`, for fast tests.
public actor MemoryMailOutbox: MailOutbox {
    private var messages: [String: OutboxMessage] = [:]
    private let composer: OutboxComposer
    private let clock: @Sendable () -> Date
    private let feedback: MailFeedbackSink?

    /// An outbox accepting senders among `verifiedIdentities` (addresses, or domains for any address at them);
    /// `feedback` receives the mailbox simulator's events: deliveries, bounces, complaints, rejects.
    public init(
        verifiedIdentities: [String],
        region: String = "us-east-1",
        clock: @escaping @Sendable () -> Date = { Date() },
        feedback: MailFeedbackSink? = nil
    ) {
        self.composer = OutboxComposer(verifiedIdentities: verifiedIdentities, region: region)
        self.clock = clock
        self.feedback = feedback
    }

    public func sendEmail(_ request: SendEmailRequest) async throws -> String {
        let message = try composer.compose(request, at: clock())
        store(message)
        await composer.publishFeedback(for: message, to: feedback)
        return message.record.messageId
    }

    public func sendRawEmail(from: String?, destinations: [String], rawMessage: Data) async throws -> String {
        let message = try composer.composeRaw(
            from: from,
            destinations: destinations,
            rawMessage: rawMessage,
            at: clock()
        )
        store(message)
        await composer.publishFeedback(for: message, to: feedback)
        return message.record.messageId
    }

    public func list() async throws -> [OutboxRecord] {
        messages.values.map(\.record).sortedBySendTime()
    }

    public func message(id: String) async throws -> OutboxMessage? {
        messages[id]
    }

    private func store(_ message: OutboxMessage) {
        messages[message.record.messageId] = message
    }
}
