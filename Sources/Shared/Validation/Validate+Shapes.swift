import WireFormat

/// The format rules' shapes, checked byte by byte: no regular expression engine runs in a
/// request (ICU's costs a fresh process more than the rest of its validation). Each shape has
/// its expression beside it for the API document, and a test holds the two to the same answers.
extension Validate {
    /// `^[A-Z][A-Z0-9_]{1,39}$`.
    public static func isCode(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (2...40).contains(bytes.count), ASCII.isUpper(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { ASCII.isUpper($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    /// `^[A-Z]{3}$`.
    public static func isCurrency(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        return bytes.count == 3 && bytes.allSatisfy(ASCII.isUpper)
    }

    /// `^\+?[0-9][0-9 ()\-]{4,24}$`.
    public static func isPhone(_ value: String) -> Bool {
        var bytes = Array(value.utf8)[...]
        if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard let first = bytes.first, ASCII.isDigit(first), (5...25).contains(bytes.count) else { return false }
        return bytes.dropFirst().allSatisfy { ASCII.isDigit($0) || " ()-".utf8.contains($0) }
    }

    /// `^[A-Za-z_][A-Za-z0-9_]{0,63}$`: the names of a notification's values.
    public static func isValueName(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...64).contains(bytes.count), ASCII.isLetter(bytes[0]) || bytes[0] == UInt8(ascii: "_") else {
            return false
        }
        return bytes.allSatisfy { ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    /// `^-?\d{1,15}(\.\d{1,10})?$`: a decimal number sent as a string.
    public static func isDecimalText(_ value: String) -> Bool {
        var bytes = Array(value.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let whole = bytes.prefix(while: ASCII.isDigit)
        guard (1...15).contains(whole.count) else { return false }
        let rest = bytes.dropFirst(whole.count)
        guard let point = rest.first else { return true }
        let fraction = rest.dropFirst()
        return point == UInt8(ascii: ".") && (1...10).contains(fraction.count) && fraction.allSatisfy(ASCII.isDigit)
    }

    /// `^[a-z0-9][a-z0-9-]{0,63}$`: a lower-case name such as a template's (`termination-notice`).
    public static func isLowerName(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...64).contains(bytes.count), ASCII.isLower(bytes[0]) || ASCII.isDigit(bytes[0]) else { return false }
        return bytes.allSatisfy { ASCII.isLower($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "-") }
    }

    /// `^[a-z][a-z0-9_.]{0,63}$`: an event type such as `contract.terminated`.
    public static func isEventType(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...64).contains(bytes.count), ASCII.isLower(bytes[0]) else { return false }
        return bytes.allSatisfy { ASCII.isLower($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "_") || $0 == 0x2E }
    }

    /// `emailPattern`: at most 254 bytes; a local part of 1 to 64 of `A-Za-z0-9._%+-` that neither
    /// starts nor ends with a dot nor holds two in a row; a domain of two or more dot-separated
    /// labels of letters, digits and inner hyphens, each 1 to 63 long.
    public static func isEmail(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...254).contains(bytes.count), let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard (1...64).contains(local.count), local.first != UInt8(ascii: "."), local.last != UInt8(ascii: "."),
            !zip(local, local.dropFirst()).contains(where: { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }),
            local.allSatisfy({ ASCII.isLetter($0) || ASCII.isDigit($0) || "._%+-".utf8.contains($0) })
        else { return false }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy(isDomainLabel)
    }

    /// `[a-z]{2}(-[a-z]+)+-[0-9]+`: an AWS region name such as `eu-west-1` or `us-gov-west-1`.
    public static func isRegion(_ value: String) -> Bool {
        let parts = Array(value.utf8).split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count >= 3, let first = parts.first, let last = parts.last, first.count == 2 else { return false }
        let middle = parts.dropFirst().dropLast()
        return first.allSatisfy(ASCII.isLower) && middle.allSatisfy { !$0.isEmpty && $0.allSatisfy(ASCII.isLower) }
            && !last.isEmpty && last.allSatisfy(ASCII.isDigit)
    }

    /// `https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?`: a web origin such as `https://app.testex.com:8443`.
    public static func isOrigin(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        let scheme = bytes.starts(with: "https://".utf8) ? 8 : bytes.starts(with: "http://".utf8) ? 7 : 0
        guard scheme > 0 else { return false }
        let rest = bytes[scheme...]
        let colon = rest.firstIndex(of: UInt8(ascii: ":")) ?? rest.endIndex
        let host = rest[..<colon]
        guard !host.isEmpty, host.allSatisfy({ ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == 0x2E || $0 == 0x2D })
        else {
            return false
        }
        guard colon < rest.endIndex else { return true }
        let port = rest[(colon + 1)...]
        return (1...5).contains(port.count) && port.allSatisfy(ASCII.isDigit)
    }

    private static func isDomainLabel(_ label: ArraySlice<UInt8>) -> Bool {
        guard (1...63).contains(label.count), let first = label.first, let last = label.last,
            ASCII.isLetter(first) || ASCII.isDigit(first), ASCII.isLetter(last) || ASCII.isDigit(last)
        else { return false }
        return label.allSatisfy { ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "-") }
    }
}
