import Foundation
import Shared
import WireFormat

/// The SES stand-in as files: each sent message is `<root>/<message-id>.eml`, a message a mail
/// client opens, and `<root>/<message-id>.json`, its record. The `.eml` is written first and
/// the record last, so the record's rename commits the send; listings read records only.
/// Sends hold the flock on `<root>/.lock`, so `doctor --repair` can tell an `.eml` whose send
/// was interrupted from one whose record is about to be written.
public struct FileMailOutbox: MailOutbox {
    /// The outbox directory (created on first send).
    public let root: URL
    private let composer: OutboxComposer
    private let clock: @Sendable () -> Date
    private let feedback: MailFeedbackSink?

    /// An outbox accepting senders among `verifiedIdentities` (addresses, or domains for any address at them);
    /// `feedback` receives the mailbox simulator's events: deliveries, bounces, complaints, rejects.
    public init(
        root: URL,
        verifiedIdentities: [String],
        region: String = "us-east-1",
        clock: @escaping @Sendable () -> Date = { Date() },
        feedback: MailFeedbackSink? = nil
    ) {
        self.root = root
        self.composer = OutboxComposer(verifiedIdentities: verifiedIdentities, region: region)
        self.clock = clock
        self.feedback = feedback
    }

    public func sendEmail(_ request: SendEmailRequest) async throws -> String {
        let message = try composer.compose(request, at: clock())
        try store(message)
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
        try store(message)
        await composer.publishFeedback(for: message, to: feedback)
        return message.record.messageId
    }

    /// Sends through `delivery` (SES) once this outbox's own checks pass, then keeps the message
    /// under the id `delivery` answered: a copy of what left, readable with `outbox` where the
    /// service's sent mail cannot be read back.
    public func sendEmail(
        _ request: SendEmailRequest,
        deliveringThrough delivery: any MailSender
    ) async throws -> String {
        let date = clock()
        _ = try composer.compose(request, at: date)
        let id = try await delivery.sendEmail(request)
        return try store(composer.compose(request, at: date, messageId: SESMessageID.isValid(id) ? id : nil))
    }

    /// `sendRawEmail` through `delivery`, keeping the copy as `sendEmail(_:deliveringThrough:)` does.
    public func sendRawEmail(
        from: String?,
        destinations: [String],
        rawMessage: Data,
        deliveringThrough delivery: any MailSender
    ) async throws -> String {
        let date = clock()
        _ = try composer.composeRaw(from: from, destinations: destinations, rawMessage: rawMessage, at: date)
        let id = try await delivery.sendRawEmail(from: from, destinations: destinations, rawMessage: rawMessage)
        return try store(
            composer.composeRaw(
                from: from,
                destinations: destinations,
                rawMessage: rawMessage,
                at: date,
                messageId: SESMessageID.isValid(id) ? id : nil
            )
        )
    }

    public func list() async throws -> [OutboxRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return
            try names
            .filter {
                !DurableFile.isTemporary($0) && $0.hasSuffix(".json") && SESMessageID.isValid(String($0.dropLast(5)))
            }
            .compactMap { try readRecord(id: String($0.dropLast(5))) }
            .sortedBySendTime()
    }

    public func message(id: String) async throws -> OutboxMessage? {
        // The id names files, so only the exact shape of an SES id is looked up.
        guard SESMessageID.isValid(id), let record = try readRecord(id: id),
            let eml = try DurableFile.read(root.appendingPathComponent(id + ".eml"))
        else { return nil }
        return OutboxMessage(record: record, eml: eml)
    }

    @discardableResult
    private func store(_ message: OutboxMessage) throws -> String {
        let id = message.record.messageId
        try FileLock.withLock(lockURL) {
            let eml = root.appendingPathComponent(id + ".eml")
            try DurableFile.write(message.eml, to: eml)
            do {
                try DurableFile.write(JSON.encodePretty(message.record), to: root.appendingPathComponent(id + ".json"))
            } catch {
                // The record makes the message sent: without it, the message is not kept either.
                _ = try? DurableFile.remove(eml)
                throw error
            }
        }
        return id
    }

    var lockURL: URL { root.appendingPathComponent(".lock") }

    func readRecord(id: String) throws -> OutboxRecord? {
        let file = root.appendingPathComponent(id + ".json")
        guard let data = try DurableFile.read(file) else { return nil }
        do {
            return try JSON.decode(OutboxRecord.self, from: data)
        } catch {
            throw StorageError.corrupt("\(file.path) is not an outbox record: \(error)")
        }
    }
}
