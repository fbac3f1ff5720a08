import Foundation
import Shared

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

    /// An outbox accepting senders among `verifiedIdentities` (addresses, or domains for any address at them).
    public init(root: URL, verifiedIdentities: [String], region: String = "us-east-1", clock: @escaping @Sendable () -> Date = { Date() }) {
        self.root = root
        self.composer = OutboxComposer(verifiedIdentities: verifiedIdentities, region: region)
        self.clock = clock
    }

    public func sendEmail(_ request: SendEmailRequest) async throws -> String {
        try store(composer.compose(request, at: clock()))
    }

    public func sendRawEmail(from: String?, destinations: [String], rawMessage: Data) async throws -> String {
        try store(composer.composeRaw(from: from, destinations: destinations, rawMessage: rawMessage, at: clock()))
    }

    public func list() async throws -> [OutboxRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return try names
            .filter { !DurableFile.isTemporary($0) && $0.hasSuffix(".json") && SESMessageID.isValid(String($0.dropLast(5))) }
            .compactMap { try readRecord(id: String($0.dropLast(5))) }
            .sortedBySendTime()
    }

    public func message(id: String) async throws -> OutboxMessage? {
        // The id names files, so only the exact shape of an SES id is looked up.
        guard SESMessageID.isValid(id), let record = try readRecord(id: id),
              let eml = try DurableFile.read(root.appendingPathComponent(id + ".eml")) else { return nil }
        return OutboxMessage(record: record, eml: eml)
    }

    private func store(_ message: OutboxMessage) throws -> String {
        let id = message.record.messageId
        try FileLock.withLock(lockURL) {
            try DurableFile.write(message.eml, to: root.appendingPathComponent(id + ".eml"))
            try DurableFile.write(JSON.encodePretty(message.record), to: root.appendingPathComponent(id + ".json"))
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
