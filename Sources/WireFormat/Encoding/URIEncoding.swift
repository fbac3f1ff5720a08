/// Percent-encoding, the one implementation of it: RFC 3986's form as URIs and Signature Version 4
/// need it (every byte except the unreserved `A-Z a-z 0-9 - . _ ~` becomes `%XX`, upper-case
/// hex, spaces included), the form encoding, and the file-name forms of the stand-ins, which keep
/// other bytes as they are (`encode(_:keeping:)`); and the decoding of each.
public enum URIEncoding {
    /// Encodes `text`; `/` is kept when `keepingSlash` (paths), encoded otherwise (query values).
    public static func encode(_ text: String, keepingSlash: Bool = false) -> String {
        encode(text.utf8) { _, byte in isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) }
    }

    /// Every byte that `keeping` (given its offset and value) does not keep becomes `%XX`.
    public static func encode(_ bytes: some Collection<UInt8>, keeping: (Int, UInt8) -> Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for (offset, byte) in bytes.enumerated() {
            if keeping(offset, byte) {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `application/x-www-form-urlencoded` text: as `encode`, but a space becomes `+`, the form
    /// spelling that services and emulators that re-encode a parsed form (moto) agree on.
    public static func formEncode(_ text: String) -> String {
        encode(text).replacingOccurrences(of: "%20", with: "+")
    }

    /// Decodes `%XX` sequences (and `+` as a space when `plusAsSpace`, as form and S3 listing
    /// encodings use it); nil when the bytes are not UTF-8 or an escape is malformed.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String? {
        decodeBytes(text, plusAsSpace: plusAsSpace).flatMap(utf8)
    }

    /// The bytes `text` encodes; nil when an escape is malformed (or, with `upperCaseOnly`, not
    /// upper-case hex), or a byte taken as it is one `literal` (given its offset in `text`) refuses.
    public static func decodeBytes(
        _ text: some StringProtocol,
        plusAsSpace: Bool = false,
        upperCaseOnly: Bool = false,
        literal: (Int, UInt8) -> Bool = { _, _ in true }
    ) -> [UInt8]? {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1], upperCaseOnly),
                    let low = hexValue(bytes[index + 2], upperCaseOnly)
                else { return nil }
                output.append(high << 4 | low)
                index += 3
                continue
            }
            if plusAsSpace, byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else {
                guard literal(index, byte) else { return nil }
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// The text of `bytes` when they are valid UTF-8 (decoding would repair them otherwise).
    public static func utf8(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    /// RFC 3986's unreserved characters, never encoded.
    public static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexValue(_ byte: UInt8, _ upperCaseOnly: Bool) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f") where !upperCaseOnly: byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
