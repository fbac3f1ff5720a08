import AWSEvents
import Foundation
import Shared
import WireFormat

/// What Lambda sends a stream event source mapping's on-failure destination for a discarded
/// batch: the invocation's context and where the records are (`DDBStreamBatchInfo`), not the
/// records themselves, which stay in the stream for their 24 hours.
public struct StreamFailureRecord: Codable, Sendable, Hashable {
    public struct RequestContext: Codable, Sendable, Hashable {
        public var requestId: String
        public var functionArn: String
        public var condition: String
        public var approximateInvokeCount: Int
    }

    public struct ResponseContext: Codable, Sendable, Hashable {
        public var statusCode: Int
        public var executedVersion: String
        public var functionError: String
    }

    public struct BatchInfo: Codable, Sendable, Hashable {
        public var shardId: String
        public var startSequenceNumber: String
        public var endSequenceNumber: String
        public var approximateArrivalOfFirstRecord: String
        public var approximateArrivalOfLastRecord: String
        public var batchSize: Int
        public var streamArn: String
    }

    public var requestContext: RequestContext
    public var responseContext: ResponseContext
    public var version: String
    public var timestamp: String
    public var batchInfo: BatchInfo

    enum CodingKeys: String, CodingKey {
        case requestContext, responseContext, version, timestamp
        case batchInfo = "DDBStreamBatchInfo"
    }

    init(
        batch: [DynamoDBEvent.EventRecord],
        shard: String,
        functionArn: String,
        attempts: Int,
        error: FunctionError,
        at time: String
    ) {
        func arrival(_ record: DynamoDBEvent.EventRecord?) -> String {
            record?.change.approximateCreationDate.map(Timestamp.string) ?? time
        }
        requestContext = RequestContext(
            requestId: IDGenerator.requestID(),
            functionArn: functionArn,
            condition: "RetryAttemptsExhausted",
            approximateInvokeCount: attempts
        )
        responseContext = ResponseContext(statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled")
        version = "1.0"
        timestamp = time
        batchInfo = BatchInfo(
            shardId: shard,
            startSequenceNumber: batch.first?.change.sequenceNumber ?? "",
            endSequenceNumber: batch.last?.change.sequenceNumber ?? "",
            approximateArrivalOfFirstRecord: arrival(batch.first),
            approximateArrivalOfLastRecord: arrival(batch.last),
            batchSize: batch.count,
            streamArn: batch.first?.eventSourceArn ?? ""
        )
    }
}
