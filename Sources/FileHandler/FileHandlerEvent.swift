import Shared

/// What invokes FileHandler: another function's `FileRequest`, or S3's notification of objects
/// created in the files bucket (uploads through presigned links, which reach S3 directly). Told
/// apart by the notification's `Records`, so each keeps its own wire shape.
public enum FileHandlerEvent: Decodable, Sendable {
    case request(FileRequest)
    case objectsCreated(S3Event)

    public init(from decoder: Decoder) throws {
        if try decoder.hasKey("Records") {
            self = .objectsCreated(try S3Event(from: decoder))
        } else {
            self = .request(try FileRequest(from: decoder))
        }
    }
}
