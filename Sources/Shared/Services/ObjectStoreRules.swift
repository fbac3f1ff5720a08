import Cryptography
import Foundation

/// S3's rules for keys, bucket names and user metadata, checked by every store before anything
/// is written, and usable by callers that want to reject bad input early.
public enum ObjectStoreRules {
    /// The longest key S3 accepts, in UTF-8 bytes.
    public static let maximumKeyLength = 1024
    /// The largest user metadata S3 accepts: names plus values, in UTF-8 bytes.
    public static let maximumMetadataSize = 2048
    /// The content type S3 records when a PUT names none.
    public static let defaultContentType = "binary/octet-stream"

    /// Throws `invalidKey` unless the key is 1...1024 bytes and has no NUL. Any other character,
    /// `/`, `..` and leading `/` included, is stored literally, as S3 does.
    public static func validateKey(_ key: String) throws {
        let length = key.utf8.count
        if length == 0 { throw ObjectStoreError.invalidKey(key: key, reason: .empty) }
        if length > maximumKeyLength { throw ObjectStoreError.invalidKey(key: key, reason: .tooLong(bytes: length)) }
        if key.utf8.contains(0) { throw ObjectStoreError.invalidKey(key: key, reason: .containsNUL) }
    }

    /// The key spelled by raw bytes (e.g. a percent-decoded event key), validated; throws
    /// `invalidKey` when the bytes are not UTF-8.
    public static func key(fromUTF8 bytes: some Collection<UInt8>) throws -> String {
        // Decoding repairs invalid sequences with U+FFFD, so a round trip that changes the bytes
        // means they were not UTF-8.
        let key = String(decoding: bytes, as: UTF8.self)
        guard key.utf8.elementsEqual(bytes) else { throw ObjectStoreError.invalidKey(key: key, reason: .invalidUTF8) }
        try validateKey(key)
        return key
    }

    /// Throws `invalidBucketName` unless the name follows S3's rules: 3...63 characters of
    /// lower-case letters, digits, `.` and `-`, starting and ending with a letter or digit, no `..`,
    /// not an IP address. Such a name is also always a safe directory name.
    public static func validateBucketName(_ name: String) throws {
        let bytes = Array(name.utf8)
        let isAlphanumeric = { (byte: UInt8) in (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) }
        let valid =
            (3...63).contains(bytes.count)
            && bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
            && isAlphanumeric(bytes.first!) && isAlphanumeric(bytes.last!)
            && !name.contains("..") && !name.contains(".-") && !name.contains("-.")
            && !isIPv4Address(name)
        guard valid else { throw ObjectStoreError.invalidBucketName(name) }
    }

    /// The metadata as S3 stores it (names lower-cased), or `invalidArgument` / `metadataTooLarge`.
    /// Names must be HTTP header tokens and values may not contain control characters, because
    /// both travel as `x-amz-meta-*` headers.
    public static func normalizedMetadata(_ metadata: [String: String]) throws -> [String: String] {
        var normalized: [String: String] = [:]
        var size = 0
        for (name, value) in metadata {
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenCharacter) else {
                throw ObjectStoreError.invalidArgument(
                    "metadata name \(name.debugDescription) is not a valid header name"
                )
            }
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) else {
                throw ObjectStoreError.invalidArgument("metadata value of \(name) contains a control character")
            }
            let lowered = name.lowercased()
            guard normalized[lowered] == nil else {
                throw ObjectStoreError.invalidArgument("metadata name \(lowered) is given twice")
            }
            normalized[lowered] = value
            size += lowered.utf8.count + value.utf8.count
        }
        if size > maximumMetadataSize { throw ObjectStoreError.metadataTooLarge(bytes: size) }
        return normalized
    }

    /// The content type to record, or `invalidArgument` when it could not be a header value.
    public static func normalizedContentType(_ contentType: String?) throws -> String {
        guard let contentType, !contentType.isEmpty else { return defaultContentType }
        guard contentType.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw ObjectStoreError.invalidArgument(
                "content type \(contentType.debugDescription) is not a valid header value"
            )
        }
        return contentType
    }

    /// The ETag S3 answers for a single-part upload: the hex MD5 of the bytes in double quotes.
    public static func etag(of data: Data) -> String {
        "\"\(Digest.md5(data).hexEncodedString)\""
    }

    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    private static func isIPv4Address(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in part.allSatisfy(\.isNumber) && !part.isEmpty }
    }
}
