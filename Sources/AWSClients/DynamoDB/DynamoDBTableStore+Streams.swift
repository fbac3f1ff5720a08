import AWSEvents
import Foundation
import Shared
import WireFormat

/// `TableStreams` over the DynamoDB Streams API (`DescribeStream`, `GetShardIterator`,
/// `GetRecords`), as Lambda's poller reads a table's stream.
extension DynamoDBTableStore {
    public func streamArn(table: String) async throws -> String? {
        let answer = try await call("DescribeTable", ["TableName": .string(table)], table: table)
        return answer["Table"]?.field("LatestStreamArn")
    }

    public func shards(table: String) async throws -> [StreamShard] {
        guard let arn = try await streamArn(table: table) else { return [] }
        let pages = Paginator<String, JSONValue?>(
            fetch: { start in
                var body: [String: JSONValue] = ["StreamArn": .string(arn)]
                if let start { body["ExclusiveStartShardId"] = .string(start) }
                return try await call("DescribeStream", .object(body), table: table, streams: true)["StreamDescription"]
            },
            next: { $0?.field("LastEvaluatedShardId") }
        )
        return try await pages.items { description in
            guard case .array(let listed)? = description?["Shards"] else { return [] }
            return listed.compactMap { shard in
                shard.field("ShardId").map { StreamShard(shardId: $0, parentShardId: shard.field("ParentShardId")) }
            }
        }
    }

    public func records(
        table: String,
        after position: StreamPosition,
        limit: Int
    ) async throws -> [DynamoDBEvent.EventRecord] {
        let start: (String, String?) =
            position.sequenceNumber.map { ("AFTER_SEQUENCE_NUMBER", $0) } ?? ("TRIM_HORIZON", nil)
        return try await records(table: table, shard: position.shardId, iterator: start, limit: limit)
    }

    public func records(
        table: String,
        shard: String,
        at sequenceNumber: String,
        limit: Int
    ) async throws -> [DynamoDBEvent.EventRecord] {
        try await records(table: table, shard: shard, iterator: ("AT_SEQUENCE_NUMBER", sequenceNumber), limit: limit)
    }

    private func records(
        table: String,
        shard: String,
        iterator start: (type: String, sequence: String?),
        limit: Int
    ) async throws -> [DynamoDBEvent.EventRecord] {
        guard let arn = try await streamArn(table: table) else {
            throw TableError.validation("table \(table) has no stream")
        }
        var body: [String: JSONValue] = [
            "StreamArn": .string(arn), "ShardId": .string(shard), "ShardIteratorType": .string(start.type),
        ]
        if let sequence = start.sequence { body["SequenceNumber"] = .string(sequence) }
        let iterator = try await call("GetShardIterator", .object(body), table: table, streams: true).field(
            "ShardIterator"
        )
        guard let iterator else { return [] }
        let answer = try await call(
            "GetRecords",
            ["ShardIterator": .string(iterator), "Limit": .number(Decimal(min(max(limit, 1), 1000)))],
            table: table,
            streams: true
        )
        guard case .array(let records)? = answer["Records"] else { return [] }
        return try records.map { try Self.eventRecord($0, streamArn: arn) }
    }

    /// A record as GetRecords answers it, with the `eventSourceARN` Lambda adds when it delivers one.
    private static func eventRecord(_ record: JSONValue, streamArn: String) throws -> DynamoDBEvent.EventRecord {
        guard case .object(var fields) = record else {
            throw AWSServiceError(
                service: "dynamodb",
                status: 200,
                code: "MalformedResponse",
                message: "a stream record is not an object"
            )
        }
        fields["eventSourceARN"] = .string(streamArn)
        do {
            return try JSON.decode(DynamoDBEvent.EventRecord.self, from: JSON.encode(JSONValue.object(fields)))
        } catch {
            throw AWSServiceError(
                service: "dynamodb",
                status: 200,
                code: "MalformedResponse",
                message: "a stream record does not decode: \(DecodingErrorDescription.describe(error))"
            )
        }
    }
}
