import Foundation
import Shared

/// What a document may be: its size, type and name.
enum DocumentRules {
    static let maximumBytes = DocumentLimits.maximumBytes
    static let contentTypes = DocumentLimits.contentTypes
    static let defaultLinkLifetime = DocumentLimits.defaultLinkLifetime
    static let linkLifetimes = DocumentLimits.linkLifetimes

    static func linkLifetime(_ seconds: Int?) throws -> Int {
        let lifetime = seconds ?? defaultLinkLifetime
        guard linkLifetimes.contains(lifetime) else {
            throw DomainError.invalid(
                "expires_in must be \(linkLifetimes.lowerBound) to \(linkLifetimes.upperBound) seconds"
            )
        }
        return lifetime
    }

    static func checkContentType(_ type: String) throws -> String {
        let bare = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard contentTypes.contains(bare) else {
            throw DomainError.invalid(
                "content type '\(type.prefix(80))' is not accepted; accepted: "
                    + "\(contentTypes.sorted().joined(separator: ", "))"
            )
        }
        return bare
    }

    /// Strict base64 (whitespace tolerated), with the size checked before and after decoding.
    static func decode(_ base64: String) throws -> Data {
        guard base64.utf8.count <= (maximumBytes / 3 + 1) * 4 + 4096 else {
            throw DomainError.tooLarge("the document is larger than \(maximumBytes / 1024 / 1024) MB")
        }
        let alphabet = { (byte: UInt8) in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2B
                || byte == 0x2F
                || byte == 0x3D || byte == 0x0A || byte == 0x0D || byte == 0x20
        }
        guard base64.utf8.allSatisfy(alphabet),
            let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters)
        else {
            throw DomainError.invalid("content_base64 is not valid base64")
        }
        guard !data.isEmpty else { throw DomainError.invalid("the document is empty") }
        guard data.count <= maximumBytes else {
            throw DomainError.tooLarge("the document is larger than \(maximumBytes / 1024 / 1024) MB")
        }
        return data
    }
}
