import AWSEvents
import Cryptography
import Foundation
import Shared
import WireFormat

/// Where the stand-ins say they are, in ARNs: the region and account DynamoDB would name.
public struct StandInIdentity: Sendable, Hashable {
    public var region: String
    public var account: String

    public init(region: String = "us-east-1", account: String = "123456789012") {
        self.region = region
        self.account = account
    }
}

/// One table's stream in the stand-ins: a single shard that never closes, whose records are the
/// table's committed changes in commit order, shaped as DynamoDB Streams delivers them.
public struct LocalStream: Sendable, Hashable {
    let table: String
    let viewType: DynamoDBEvent.StreamViewType
    /// The stream's label, its creation time as DynamoDB writes it (`2026-11-22T10:00:00.000`).
    let label: String
    let identity: StandInIdentity

    var arn: String { "arn:aws:dynamodb:\(identity.region):\(identity.account):table/\(table)/stream/\(label)" }

    /// The one shard, named as DynamoDB names shards (`shardId-<20 digits>-<8 hex>`).
    var shardId: String {
        "shardId-00000000000000000001-" + Hex.encode(Digest.sha256(Data(arn.utf8))).prefix(8)
    }

    /// The label of a stream created at `date`.
    static func label(at date: Date) -> String {
        String(Timestamp.string(date).dropLast())
    }

    /// The record of a committed change with sequence number `sequence`, made at `date`.
    func record(_ change: ItemChange, sequence: UInt64, at date: Date) -> DynamoDBEvent.EventRecord {
        Self.record(
            change,
            viewType: viewType,
            streamArn: arn,
            sequenceNumber: Self.sequenceNumber(sequence),
            at: date,
            region: identity.region
        )
    }

    /// A change's record as a stream of this view type writes it (`generate-event dynamodb`).
    public static func record(
        _ change: ItemChange,
        viewType: DynamoDBEvent.StreamViewType,
        streamArn: String,
        sequenceNumber: String,
        at date: Date,
        region: String
    ) -> DynamoDBEvent.EventRecord {
        let keys = DynamoDBAttributeValue.item(change.key)
        let keepsNew = viewType == .newImage || viewType == .newAndOldImages
        let keepsOld = viewType == .oldImage || viewType == .newAndOldImages
        let newImage = keepsNew ? change.new : nil
        let oldImage = keepsOld ? change.old : nil
        let size = change.key.dynamoSize + (newImage?.dynamoSize ?? 0) + (oldImage?.dynamoSize ?? 0)
        let dynamodb = DynamoDBEvent.StreamRecord(
            approximateCreationDateTime: date.timeIntervalSince1970.rounded(.down),
            keys: keys,
            newImage: newImage.map(DynamoDBAttributeValue.item),
            oldImage: oldImage.map(DynamoDBAttributeValue.item),
            sequenceNumber: sequenceNumber,
            sizeBytes: size,
            streamViewType: viewType
        )
        let eventId = Hex.encode(Digest.md5(Data((streamArn + "#" + sequenceNumber).utf8)))
        return DynamoDBEvent.EventRecord(
            eventId: eventId,
            eventName: change.eventName,
            awsRegion: region,
            change: dynamodb,
            eventSourceArn: streamArn
        )
    }

    /// A sequence number as the stand-ins write it: 21 digits, so text order is number order.
    public static func sequenceNumber(_ sequence: UInt64) -> String {
        let digits = String(sequence)
        return "1" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// The sequence a stand-in's sequence number stands for; nil for any other text.
    static func sequence(of number: String) -> UInt64? {
        guard number.utf8.count == 21, number.hasPrefix("1"), number.utf8.allSatisfy({ (48...57).contains($0) }) else {
            return nil
        }
        return UInt64(number.dropFirst())
    }

    /// The sequence before the record `number`, for reading from it on.
    func position(before number: String, shard: String) throws -> StreamPosition {
        guard let sequence = Self.sequence(of: number), sequence > 0 else {
            throw TableError.validation("\(number.prefix(60)) is not a sequence number of this stream")
        }
        return StreamPosition(shardId: shard, sequenceNumber: sequence == 1 ? nil : Self.sequenceNumber(sequence - 1))
    }

    /// The sequence after which a position's next record comes (0: from the start), checking
    /// that the position names this stream's shard and a sequence number it can have written.
    func start(of position: StreamPosition) throws -> UInt64 {
        guard position.shardId == shardId else {
            throw TableError.resourceNotFound(table: "\(table) stream shard \(position.shardId.prefix(80))")
        }
        guard let text = position.sequenceNumber else { return 0 }
        guard let sequence = Self.sequence(of: text) else {
            throw TableError.validation("\(text.prefix(60)) is not a sequence number of this stream")
        }
        return sequence
    }
}
