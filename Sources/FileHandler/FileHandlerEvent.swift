import AWSEvents
import Shared

/// What invokes FileHandler: another function's `FileRequest`; S3's notification of objects
/// created in the files bucket (uploads through presigned links, which reach S3 directly); or a
/// batch of the contracts table's stream records, whose closing steps are FileHandler's. Both
/// batches carry `Records`, told apart by the records' `eventSource`, so each keeps its own wire shape.
public enum FileHandlerEvent: Decodable, Sendable {
    case request(FileRequest)
    case objectsCreated(S3Event)
    case contractChanges(DynamoDBEvent)

    public init(from decoder: Decoder) throws {
        if try decoder.hasKey("Records") {
            let fromStream = try RecordBatchSource.isDynamoDBStream(decoder)
            self =
                fromStream
                ? .contractChanges(try DynamoDBEvent(from: decoder)) : .objectsCreated(try S3Event(from: decoder))
        } else {
            self = .request(try FileRequest(from: decoder))
        }
    }
}
