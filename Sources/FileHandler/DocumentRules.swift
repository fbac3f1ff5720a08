import Foundation
import Shared

/// What a document may be: its size, type and name.
enum DocumentRules {
    /// Decoded bytes; a sync Lambda invoke carries at most 6 MB, base64 grows by a third.
    static let maximumBytes = 4 * 1024 * 1024

    static let contentTypes: Set<String> = [
        "application/pdf", "text/plain", "text/csv", "application/json", "image/png", "image/jpeg",
        "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]

    /// How long a presigned link lasts unless asked otherwise, and the range that may be asked.
    static let defaultLinkLifetime = 900
    static let linkLifetimes = 60...3600

    /// A file name that is only a name: no path separators, no `.`/`..` or leading dot, no
    /// control or invisible formatting characters (a right-to-left override hides `.exe`), no markup.
    static func checkFilename(_ name: String) throws {
        guard !name.isEmpty, name.utf8.count <= 255 else { throw DomainError.invalid("filename must be 1 to 255 bytes") }
        guard !name.hasPrefix("."), !name.contains("/"), !name.contains("\\") else {
            throw DomainError.invalid("filename must be a plain name without / or \\ and not start with . (got '\(name.prefix(64))')")
        }
        guard !name.unicodeScalars.contains(where: { [.control, .format].contains($0.properties.generalCategory) }) else {
            throw DomainError.invalid("filename must not contain control or invisible formatting characters")
        }
        guard name.trimmingCharacters(in: .whitespaces) == name else {
            throw DomainError.invalid("filename must not start or end with spaces")
        }
        try Validate.plainText(name, field: "filename")
    }

    static func linkLifetime(_ seconds: Int?) throws -> Int {
        let lifetime = seconds ?? defaultLinkLifetime
        guard linkLifetimes.contains(lifetime) else {
            throw DomainError.invalid("expires_in must be \(linkLifetimes.lowerBound) to \(linkLifetimes.upperBound) seconds")
        }
        return lifetime
    }

    static func checkContentType(_ type: String) throws -> String {
        let bare = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard contentTypes.contains(bare) else {
            throw DomainError.invalid("content type '\(type.prefix(80))' is not accepted; accepted: \(contentTypes.sorted().joined(separator: ", "))")
        }
        return bare
    }

    /// Strict base64 (whitespace tolerated), with the size checked before and after decoding.
    static func decode(_ base64: String) throws -> Data {
        guard base64.utf8.count <= (maximumBytes / 3 + 1) * 4 + 4096 else {
            throw DomainError.tooLarge("the document is larger than \(maximumBytes / 1024 / 1024) MB")
        }
        let alphabet = { (byte: UInt8) in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2B || byte == 0x2F
                || byte == 0x3D || byte == 0x0A || byte == 0x0D || byte == 0x20
        }
        guard base64.utf8.allSatisfy(alphabet), let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
            throw DomainError.invalid("content_base64 is not valid base64")
        }
        guard !data.isEmpty else { throw DomainError.invalid("the document is empty") }
        guard data.count <= maximumBytes else { throw DomainError.tooLarge("the document is larger than \(maximumBytes / 1024 / 1024) MB") }
        return data
    }
}
