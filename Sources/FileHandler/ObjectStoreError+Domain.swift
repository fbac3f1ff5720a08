import Shared

extension ObjectStoreError {
    /// What S3 refusing a request means to the API: the caller's input was refused (4xx),
    /// unless the store itself is missing something it must have (5xx).
    var domainError: DomainError {
        switch self {
        case .noSuchBucket: .internal(description)
        case .noSuchKey: .notFound(description)
        case .invalidKey, .invalidBucketName, .invalidArgument, .invalidRequest: .invalid(description)
        case .entityTooLarge, .metadataTooLarge: .tooLarge(description)
        case .preconditionFailed: .conflict(description)
        }
    }
}
