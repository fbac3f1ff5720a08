import Shared

/// A mailbox as SES accepts it: an addr-spec, optionally with a display name
/// (`Jane Doe <jane@example.com>` or `"Doe, Jane" <jane@example.com>`).
struct MailAddress: Sendable, Hashable {
    let displayName: String?
    /// `local@domain`, 7-bit ASCII (SES needs Punycode for international domains).
    let address: String

    var domain: Substring { address[address.index(after: address.lastIndex(of: "@")!)...] }

    /// Parses and validates one mailbox of header `field`; throws `invalidParameterValue`.
    init(parsing text: String, field: String) throws {
        try HeaderValue.check(text, field: field)
        let trimmed = text.trimmingCharacters(in: [" ", "\t"])
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let name = trimmed[..<open].trimmingCharacters(in: [" ", "\t"])
            displayName = name.isEmpty ? nil : Self.unquoted(name)
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        } else {
            displayName = nil
            address = trimmed
        }
        guard Self.isValidAddrSpec(address) else {
            throw MailError.invalidParameterValue("Illegal address in \(field): \(text.debugDescription)")
        }
    }

    /// The quoted-string's content with its escapes undone; other text as it is.
    private static func unquoted(_ name: String) -> String {
        guard name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") else { return name }
        var result = ""
        var escaped = false
        for character in name.dropFirst().dropLast() {
            if escaped || character != "\\" {
                result.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return result
    }

    /// RFC 5322 dot-atom local part (at most 64 characters) and a DNS host name of at least two
    /// labels; 254 characters at most, as SMTP allows.
    static func isValidAddrSpec(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard bytes.count <= 254, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            let at = bytes.lastIndex(of: UInt8(ascii: "@"))
        else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        return isDotAtom(local) && local.count <= 64 && isHostName(domain)
    }

    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    private static func isDotAtom(_ text: ArraySlice<UInt8>) -> Bool {
        let atoms = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return !text.isEmpty
            && atoms.allSatisfy { atom in
                !atom.isEmpty && atom.allSatisfy { isAlphanumeric($0) || atextSymbols.contains($0) }
            }
    }

    private static func isHostName(_ text: ArraySlice<UInt8>) -> Bool {
        let labels = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return text.count <= 253 && labels.count >= 2
            && labels.allSatisfy { label in
                (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                    && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
            }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}

/// The check every value bound for a header passes first: a CR or LF would end the header and
/// start another (header injection), so it is refused, never escaped or stripped.
enum HeaderValue {
    static func check(_ value: String, field: String) throws {
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw MailError.invalidParameterValue(
                "\(field) contains a line break (CR or LF); header values must be a single line"
            )
        }
        if value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
            throw MailError.invalidParameterValue("\(field) contains a control character")
        }
    }
}
