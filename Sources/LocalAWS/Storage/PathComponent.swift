import Cryptography
import Foundation
import Shared
import WireFormat

/// Turns an arbitrary name (an S3 key segment, a log group or stream) into one file name that
/// stays inside its directory and never collides with another name or with the stand-ins' own
/// files, while keeping ordinary names readable as they are.
///
/// Percent-encoded: `%`, `/`, control characters, and a leading `.` (so `.`, `..`, hidden names
/// and the `.tmp-`/`.lock` files of the store cannot be produced). The empty name is `%`.
/// Names longer than `maximumLength` once encoded keep a readable prefix followed by `%~` and a
/// SHA-256 of the whole name; `%~` cannot come out of percent-encoding, so the forms never meet.
enum PathComponent {
    /// Leaves room within the 255-byte file-name limit for the suffixes the stores append.
    static let maximumLength = 200
    private static let hashedPrefixLength = 120

    /// The file name for `name`. A name ending in one of `reservedSuffixes` gets the `.` that
    /// starts the suffix encoded, so it cannot collide with the store's own files.
    static func encode(_ name: String, reservedSuffixes: [String] = []) -> String {
        var encoded = escape(Array(name.utf8))
        let bytes = Array(encoded.utf8)
        let reserved = reservedSuffixes.sorted { $0.utf8.count > $1.utf8.count }
        if let suffix = reserved.first(where: { bytes.count > $0.utf8.count && encoded.hasByteSuffix($0) }),
            suffix.hasPrefix(".")
        {
            let stem = bytes.dropLast(suffix.utf8.count)
            encoded = String(decoding: stem, as: UTF8.self) + "%2E" + suffix.dropFirst()
        }
        guard encoded.utf8.count > maximumLength else { return encoded }
        return hashedPrefix(of: name) + "%~" + Hex.encode(Digest.sha256(Data(name.utf8)).prefix(16))
    }

    /// The name a file name encodes, or nil for a hashed long name or a name this type never produces.
    static func decode(_ component: String) -> String? {
        if component == "%" { return "" }
        return URIEncoding.decodeBytes(component).flatMap(URIEncoding.utf8)
    }

    private static func escape(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "%" }
        return URIEncoding.encode(bytes) { index, byte in
            !(byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "/")
                || (index == 0 && byte == UInt8(ascii: ".")))
        }
    }

    /// The longest run of whole characters from the start whose encoding fits the prefix budget.
    private static func hashedPrefix(of name: String) -> String {
        var prefix = ""
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            scalars.append(scalar)
            let candidate = escape(Array(String(scalars).utf8))
            if candidate.utf8.count > hashedPrefixLength { break }
            prefix = candidate
        }
        return prefix
    }
}

extension String {
    /// Suffix test on UTF-8 bytes; `hasSuffix` compares Characters under canonical equivalence,
    /// which file names and S3 keys do not follow.
    func hasByteSuffix(_ suffix: String) -> Bool {
        utf8.count >= suffix.utf8.count && utf8.reversed().starts(with: suffix.utf8.reversed())
    }

    /// Prefix test on UTF-8 bytes.
    func hasBytePrefix(_ prefix: String) -> Bool {
        utf8.starts(with: prefix.utf8)
    }
}
