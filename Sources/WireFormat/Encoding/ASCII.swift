import Foundation

/// ASCII byte classes.
public enum ASCII {
    public static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    public static func isUpper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }
    public static func isLower(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) }
    public static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || isLower(byte) }

    /// Whether `text` is `shape` with `9` standing for any digit and every other byte for itself
    /// (`digits("2026-11-22", as: "9999-99-99")`).
    public static func digits(_ text: String, as shape: String) -> Bool {
        let (bytes, pattern) = (Array(text.utf8), Array(shape.utf8))
        guard bytes.count == pattern.count else { return false }
        return zip(bytes, pattern).allSatisfy { $1 == UInt8(ascii: "9") ? isDigit($0) : $0 == $1 }
    }
}
