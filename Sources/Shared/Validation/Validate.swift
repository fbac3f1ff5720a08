import Foundation
import WireFormat

/// The format rules of the domain, each throwing a 422 that names the field and the rule.
public enum Validate {
    public static let maximumAmount = Decimal(string: "1000000000000")!

    /// `CT` + 6 upper-case letters or digits.
    public static func contractId(_ value: String, field: String = "contract_id") throws {
        guard isId(value, prefix: "CT") else {
            throw DomainError.invalid("\(field) must be CT followed by 6 upper-case letters or digits, e.g. CT001ABC")
        }
    }

    /// `CL` + 6 upper-case letters or digits.
    public static func clientId(_ value: String, field: String = "client_id") throws {
        guard isId(value, prefix: "CL") else {
            throw DomainError.invalid("\(field) must be CL followed by 6 upper-case letters or digits, e.g. CL001XYZ")
        }
    }

    /// Whether `value` is `prefix` followed by upper-case letters or digits, `length` bytes in all.
    /// The expression of `isId`, for the API document.
    public static func idPattern(prefix: String, length: Int = 8) -> String {
        "^\(prefix)[A-Z0-9]{\(length - prefix.utf8.count)}$"
    }

    public static func isId(_ value: String, prefix: String, length: Int = 8) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == length, value.hasPrefix(prefix) else { return false }
        return bytes[2...].allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }
    }

    /// A single mailbox address: local@domain, ASCII, no spaces, quotes, angle brackets or line breaks.
    public static func email(_ value: String, field: String = "email") throws {
        guard isEmail(value) else {
            throw DomainError.invalid("\(field) must be an email address like name@example.com")
        }
    }

    /// An address as one expression, so the API document states exactly this rule: at most 254
    /// characters, a local part of 1 to 64 that neither starts nor ends with a dot nor holds two
    /// in a row, and a domain of dot-separated labels.
    public static let emailPattern =
        #"^(?=[\s\S]{1,254}$)(?!\.)(?![^@]*\.\.)(?![^@]*\.@)[A-Za-z0-9._%+\-]{1,64}@"#
        + #"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)+$"#

    /// A real calendar day as `YYYY-MM-DD`, between 1900 and 2999.
    public static func day(_ value: String, field: String) throws -> Date {
        guard let date = Timestamp.parseDay(value), ("1900-01-01"..."2999-12-31").contains(value) else {
            throw DomainError.invalid("\(field) must be a date as YYYY-MM-DD, got '\(value.prefix(40))'")
        }
        return date
    }

    /// A non-negative amount with at most 2 decimal places, below 10^12.
    public static func amount(_ value: Decimal, field: String = "value") throws {
        guard value >= 0, value < maximumAmount else {
            throw DomainError.invalid("\(field) must be between 0 and 999999999999.99")
        }
        var scaled = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled else { throw DomainError.invalid("\(field) must have at most 2 decimal places") }
    }

    /// Free text: at most `maximum` characters, no control characters other than line breaks and
    /// tabs, no bidirectional overrides, and no markup (`plainText`), since any text may reach an email.
    public static func text(
        _ value: String,
        field: String,
        maximum: Int,
        allowLineBreaks: Bool = true,
        allowEmpty: Bool = false
    ) throws {
        guard allowEmpty || !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalid("\(field) must not be empty")
        }
        guard value.utf8.count <= maximum * 4, value.count <= maximum else {
            throw DomainError.invalid("\(field) must be at most \(maximum) characters")
        }
        for scalar in value.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                if allowLineBreaks, scalar == "\n" || scalar == "\t" || scalar == "\r" { continue }
                throw DomainError.invalid("\(field) must not contain control characters")
            }
            if bidirectionalControls.contains(scalar.value) {
                throw DomainError.invalid("\(field) must not contain bidirectional override characters")
            }
        }
        try plainText(value, field: field)
    }

    /// Right-to-left overrides and isolates, which make text read differently from what it is.
    static let bidirectionalControls: Set<UInt32> = [
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    ]

    /// Refuses what an HTML parser or a mail client would act on: `<` directly followed by a
    /// letter, `/`, `!` or `?` (a tag, end tag, comment or declaration), and the script URL
    /// schemes `javascript:` and `vbscript:` (also when split by spaces or control characters).
    /// Other `<`, `>` and `&` are plain text ("a < b", "R&D") and are escaped in HTML parts.
    public static func plainText(_ value: String, field: String) throws {
        if let reason = markup(in: value) {
            throw DomainError.invalid("\(field) must be plain text: \(reason) is not allowed")
        }
    }

    /// What makes `value` markup, or nil when it is plain text.
    public static func markup(in value: String) -> String? {
        let bytes = Array(value.utf8)
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "<") && index + 1 < bytes.count {
            let next = bytes[index + 1]
            if (0x41...0x5A).contains(next) || (0x61...0x7A).contains(next) || next == UInt8(ascii: "/")
                || next == UInt8(ascii: "!") || next == UInt8(ascii: "?")
            {
                return "an HTML tag"
            }
        }
        // Browsers drop whitespace and control characters inside a URL scheme: "java\tscript:".
        let squeezed = String(
            String.UnicodeScalarView(
                value.unicodeScalars.filter {
                    !($0.properties.isWhitespace || $0.properties.generalCategory == .control
                        || $0.properties.generalCategory == .format)
                }
            )
        ).lowercased()
        // Compared as bytes: as characters, "javascript:" followed by a combining mark is not "javascript:".
        for scheme in ["javascript:", "vbscript:"] where Array(squeezed.utf8).contains(Array(scheme.utf8)) {
            return "a \(scheme) link"
        }
        return nil
    }

    /// A sign-in name: 1 to 64 of lower-case letters, digits, `.`, `_`, `@`, `-`, starting with a letter or digit.
    public static func isUsername(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first, isLowerAlphanumeric(first) else { return false }
        return bytes.allSatisfy {
            isLowerAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "@")
                || $0 == UInt8(ascii: "-")
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }

    /// An upper-case code such as a contract type or termination reason: `[A-Z][A-Z0-9_]{1,39}`.
    public static func code(_ value: String, field: String) throws {
        guard isCode(value) else {
            throw DomainError.invalid(
                "\(field) must be an upper-case code such as SERVICE (letters, digits, underscores)"
            )
        }
    }

    public static let codePattern = "^[A-Z][A-Z0-9_]{1,39}$"
    public static let currencyPattern = "^[A-Z]{3}$"
    public static let phonePattern = #"^\+?[0-9][0-9 ()\-]{4,24}$"#

    /// A 3-letter ISO 4217 code.
    public static func currency(_ value: String, field: String = "currency") throws {
        guard isCurrency(value) else {
            throw DomainError.invalid("\(field) must be a 3-letter ISO 4217 code such as EUR")
        }
    }

    /// Digits with an optional leading +, spaces, dashes and parentheses.
    public static func phone(_ value: String, field: String = "phone") throws {
        guard isPhone(value) else {
            throw DomainError.invalid("\(field) must be digits with optional +, spaces, dashes and parentheses")
        }
    }

    /// The names of a notification's values.
    public static let valueNamePattern = "^[A-Za-z_][A-Za-z0-9_]{0,63}$"

    /// A file name that is only a name: 1 to 255 bytes, no path separators, no leading dot (so
    /// no `.` or `..`), no control or invisible formatting characters (a right-to-left override
    /// hides `.exe`), no leading or trailing spaces, no markup.
    public static func filename(_ name: String, field: String = "filename") throws {
        guard !name.isEmpty, name.utf8.count <= 255 else {
            throw DomainError.invalid("\(field) must be 1 to 255 bytes")
        }
        // Bytes, not characters: "." or "\\" followed by a combining mark is one character.
        let bytes = Array(name.utf8)
        let separators = [UInt8(ascii: "/"), UInt8(ascii: "\\")]
        guard bytes.first != UInt8(ascii: "."), !bytes.contains(where: separators.contains) else {
            throw DomainError.invalid(
                "\(field) must be a plain name without / or \\ and not start with . "
                    + "(got '\(name.prefix(64))')"
            )
        }
        let invisible: Set<Unicode.GeneralCategory> = [.control, .format]
        guard !name.unicodeScalars.contains(where: { invisible.contains($0.properties.generalCategory) }) else {
            throw DomainError.invalid("\(field) must not contain control or invisible formatting characters")
        }
        guard name.trimmingCharacters(in: .whitespaces) == name else {
            throw DomainError.invalid("\(field) must not start or end with spaces")
        }
        try plainText(name, field: field)
    }
}
