/// Errors of the object store, named as S3 names them.
public enum ObjectStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bucket does not exist.
    case noSuchBucket(String)
    /// The key does not exist (CopyObject's source; GetObject answers nil instead).
    case noSuchKey(bucket: String, key: String)
    /// The key is not 1...1024 bytes of UTF-8 without NUL; nothing was written.
    case invalidKey(key: String, reason: InvalidKeyReason)
    /// The bucket name breaks S3's naming rules.
    case invalidBucketName(String)
    /// The object is larger than the store accepts; nothing was written.
    case entityTooLarge(bytes: Int, maximum: Int)
    /// User metadata is larger than S3's 2 KB; nothing was written.
    case metadataTooLarge(bytes: Int)
    /// A parameter is malformed (content type, metadata name, max-keys, continuation token, ...).
    case invalidArgument(String)
    /// The request is well-formed but not allowed (copying an object onto itself unchanged, ...).
    case invalidRequest(String)
    /// A conditional write's condition (`If-None-Match: *`: no current object) did not hold; nothing was written.
    case preconditionFailed(bucket: String, key: String)

    /// S3's error code.
    public var code: String {
        switch self {
        case .noSuchBucket: "NoSuchBucket"
        case .noSuchKey: "NoSuchKey"
        case .invalidKey(_, .tooLong): "KeyTooLongError"
        case .invalidKey: "InvalidArgument"
        case .invalidBucketName: "InvalidBucketName"
        case .entityTooLarge: "EntityTooLarge"
        case .metadataTooLarge: "MetadataTooLarge"
        case .invalidArgument: "InvalidArgument"
        case .invalidRequest: "InvalidRequest"
        case .preconditionFailed: "PreconditionFailed"
        }
    }

    public var description: String {
        switch self {
        case .noSuchBucket(let bucket): "NoSuchBucket: the specified bucket does not exist: \(bucket)"
        case .noSuchKey(let bucket, let key):
            "NoSuchKey: the specified key does not exist: \(bucket)/\(key.debugDescription)"
        case .invalidKey(let key, let reason):
            "\(code): invalid object key \(String(key.prefix(100)).debugDescription): \(reason)"
        case .invalidBucketName(let name):
            "InvalidBucketName: the specified bucket is not valid: \(name.debugDescription)"
        case .entityTooLarge(let bytes, let maximum):
            "EntityTooLarge: \(bytes) bytes exceeds the maximum allowed object size of \(maximum) bytes"
        case .metadataTooLarge(let bytes):
            "MetadataTooLarge: user metadata of \(bytes) bytes exceeds the maximum allowed size of 2048 bytes"
        case .invalidArgument(let message): "InvalidArgument: \(message)"
        case .invalidRequest(let message): "InvalidRequest: \(message)"
        case .preconditionFailed(let bucket, let key):
            "PreconditionFailed: s3://\(bucket)/\(String(key.prefix(200))) already exists, and the write "
                + "was conditional on its absence"
        }
    }
}

/// Why a key is not a valid S3 key.
public enum InvalidKeyReason: Sendable, Hashable, CustomStringConvertible {
    case empty
    case tooLong(bytes: Int)
    case containsNUL
    case invalidUTF8

    public var description: String {
        switch self {
        case .empty: "the key is empty"
        case .tooLong(let bytes): "the key is \(bytes) bytes, longer than \(ObjectStoreRules.maximumKeyLength)"
        case .containsNUL: "the key contains NUL"
        case .invalidUTF8: "the key is not valid UTF-8"
        }
    }
}
