import Foundation
import Shared
import WireFormat

/// File names for key values, readable and reversible: every byte outside `[A-Za-z0-9_-]` is
/// percent-encoded except a `.` that is not first (so `contact@client.com` stays legible and no
/// name is `.`, `..` or hidden). A value whose encoding exceeds `maximumComponentBytes` becomes a
/// prefix plus `~` plus an FNV-1a 64 hash; such a name cannot be decoded, and readers take the
/// value from the item file instead. The limit keeps an index entry (three components) under
/// the 255-byte file-name limit. Case is kept, so keys that differ only in case need a
/// case-sensitive file system (Linux's are; macOS's default volume is not).
enum KeyFileName {
    /// Joins the partition and sort parts of a composite key (always escaped inside parts).
    static let keySeparator = "+"
    /// Joins an index entry's sort part and the item's key name (always escaped inside parts).
    static let entrySeparator = ","
    /// Marks a hashed component (always escaped inside parts).
    static let hashMarker = "~"
    static let maximumComponentBytes = 80
    private static let hashedPrefixBytes = 60

    /// Whether a byte is written as itself: `[A-Za-z0-9_-]`.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// The file-name component of one key value (a non-empty string or a number).
    static func component(_ value: JSONValue) -> String {
        let text: String
        switch value {
        case .string(let string): text = string
        // `Decimal.description` is canonical (1.50 and 1.5 both give "1.5"), so equal numbers share a name.
        case .number(let number): text = number.description
        default: text = JSON.string(value)
        }
        let encoded = percentEncode(text)
        guard encoded.utf8.count > maximumComponentBytes else { return encoded }
        return hashed(encoded)
    }

    /// The value a component names, or nil when it is hashed or not a valid encoding.
    static func value(ofComponent component: Substring, type: KeyType) -> JSONValue? {
        switch type {
        case .string:
            return decodedText(component).map(JSONValue.string)
        case .number:
            // A number's name is its canonical text, which needs no escapes: parse the bytes as they are.
            let number = component.utf8.withContiguousStorageIfAvailable(Decimal.parse) ?? Decimal.parse(component.utf8)
            return number.map(JSONValue.number)
        }
    }

    /// The file-name stem of an item's primary key (the key must be valid for the definition).
    static func stem(ofKey key: Item, in definition: TableDefinition) -> String {
        var stem = component(key[definition.partitionKey.name] ?? .null)
        if let sortKey = definition.sortKey {
            stem += keySeparator + component(key[sortKey.name] ?? .null)
        }
        return stem
    }

    /// The stem's partition and (for a composite key) sort components.
    static func split(stem: Substring) -> (partition: Substring, sort: Substring?) {
        // Byte search, not Character split: queries split thousands of names.
        guard let separator = stem.utf8.firstIndex(of: UInt8(ascii: "+")) else { return (stem, nil) }
        return (stem[..<separator], stem[stem.utf8.index(after: separator)...])
    }

    /// The table key a stem names, or nil when a component is hashed or invalid.
    static func keyValues(fromStem stem: Substring, in definition: TableDefinition) -> KeyValues? {
        let (partition, sort) = split(stem: stem)
        guard let partitionValue = value(ofComponent: partition, type: definition.partitionKey.type) else { return nil }
        guard let sortKey = definition.sortKey else { return KeyValues(partition: partitionValue, sort: nil) }
        guard let sort, let sortValue = value(ofComponent: sort, type: sortKey.type) else { return nil }
        return KeyValues(partition: partitionValue, sort: sortValue)
    }

    /// An index entry's file name: the index sort component (when the index has a sort key) and the item's stem.
    static func indexEntry(sortValue: JSONValue?, stem: String) -> String {
        guard let sortValue else { return stem }
        return component(sortValue) + entrySeparator + stem
    }

    /// An index entry's sort component and item stem, or nil when the name is not an entry.
    static func parseIndexEntry(_ name: String, hasSortKey: Bool) -> (sort: Substring?, stem: Substring)? {
        guard hasSortKey else { return (nil, name[...]) }
        guard let separator = name.utf8.firstIndex(of: UInt8(ascii: ",")), separator != name.startIndex else {
            return nil
        }
        let stem = name[name.utf8.index(after: separator)...]
        return stem.isEmpty ? nil : (name[..<separator], stem)
    }

    /// Every byte but `[A-Za-z0-9_-]` and a `.` that is not first, percent-encoded.
    private static func percentEncode(_ text: String) -> String {
        URIEncoding.encode(text.utf8, keeping: isKept)
    }

    private static func isKept(_ offset: Int, _ byte: UInt8) -> Bool {
        isUnreserved(byte) || (byte == UInt8(ascii: ".") && offset > 0)
    }

    /// The text a component encodes; queries decode thousands of names, so the common case of a
    /// name without escapes is taken as it is.
    private static func decodedText(_ component: Substring) -> String? {
        let utf8 = component.utf8
        guard let first = utf8.first else { return nil }
        if first != UInt8(ascii: "."), utf8.allSatisfy({ isUnreserved($0) || $0 == UInt8(ascii: ".") }) {
            return String(component)
        }
        // Only what `percentEncode` writes: upper-case escapes, no byte it would have escaped.
        guard let bytes = URIEncoding.decodeBytes(component, upperCaseOnly: true, literal: isKept) else { return nil }
        // Decoding repairs invalid UTF-8; a name that needed repair is not one we wrote.
        return URIEncoding.utf8(bytes)
    }

    private static func hashed(_ encoded: String) -> String {
        var prefix = Array(encoded.utf8.prefix(hashedPrefixBytes))
        // Never cut a %XX triple in two, so the prefix stays a valid encoding to read.
        if let percent = prefix.suffix(2).lastIndex(of: UInt8(ascii: "%")) {
            prefix.removeSubrange(percent...)
        }
        let hash = String(FNV1a64.hash(encoded.utf8), radix: 16)
        let padded = String(repeating: "0", count: 16 - hash.count) + hash
        return String(decoding: prefix, as: UTF8.self) + hashMarker + padded
    }
}

/// FNV-1a, 64 bits: a stable, dependency-free hash for file names (not for security).
enum FNV1a64 {
    static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
