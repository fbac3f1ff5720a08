import Foundation
import Shared

/// S3's error documents (`<Error><Code>…</Code><Message>…</Message></Error>`) as `ObjectStoreError`s.
enum S3Error {
    static func code(of answer: AWSResponse) -> String? {
        XMLNode.parse(answer.body)?.first("Error")?.value("Code")
    }

    static func error(_ answer: AWSResponse, bucket: String?, key: String? = nil) -> Error {
        let error = XMLNode.parse(answer.body)?.first("Error")
        let code = error?.value("Code") ?? "HTTP\(answer.status)"
        let message = error?.value("Message") ?? String(decoding: answer.body.prefix(300), as: UTF8.self)
        switch code {
        case "NoSuchBucket": return ObjectStoreError.noSuchBucket(error?.value("BucketName") ?? bucket ?? "")
        case "NoSuchKey" where bucket != nil && key != nil:
            return ObjectStoreError.noSuchKey(bucket: bucket!, key: key!)
        case "InvalidBucketName": return ObjectStoreError.invalidBucketName(bucket ?? "")
        case "EntityTooLarge":
            return ObjectStoreError.entityTooLarge(bytes: 0, maximum: S3ObjectStore.maximumSinglePutSize)
        case "MetadataTooLarge": return ObjectStoreError.metadataTooLarge(bytes: 0)
        case "InvalidArgument": return ObjectStoreError.invalidArgument(message)
        case "InvalidRequest": return ObjectStoreError.invalidRequest(message)
        case "PreconditionFailed" where bucket != nil && key != nil:
            return ObjectStoreError.preconditionFailed(bucket: bucket!, key: key!)
        default: return AWSServiceError(service: "s3", status: answer.status, code: code, message: message)
        }
    }
}

/// User metadata travels as `x-amz-meta-*` headers, which carry ASCII only: other text is sent
/// as an RFC 2047 encoded word, the form S3 itself answers for such values, and decoded back.
enum MetadataValue {
    static func encode(_ value: String) -> String {
        guard !value.unicodeScalars.allSatisfy(\.isASCII) else { return value }
        return "=?UTF-8?B?\(Data(value.utf8).base64EncodedString())?="
    }

    static func decode(_ value: String) -> String {
        guard value.hasPrefix("=?UTF-8?B?") || value.hasPrefix("=?utf-8?b?"), value.hasSuffix("?="),
            let data = Data(base64Encoded: String(value.dropFirst(10).dropLast(2)))
        else { return value }
        return String(decoding: data, as: UTF8.self)
    }
}
