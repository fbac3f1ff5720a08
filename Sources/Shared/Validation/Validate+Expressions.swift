import Foundation
import WireFormat

/// The `Validate` rules that are not one expression already (days, free text, file names),
/// written as regular expressions for the API document. Their character classes are built from
/// the Unicode tables the rules themselves consult, and a test checks each expression accepts
/// exactly what its rule accepts. The syntax is the subset ECMA-262, ICU and Python share.
extension Validate {
    /// A real calendar day from 1900-01-01 to 2999-12-31 (`day`).
    public static let dayPattern =
        "^(?:(?:19|2[0-9])[0-9]{2}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
        + "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
        + "|(?:(?:19|2[0-9])(?:0[48]|[2468][048]|[13579][26])|2000|2400|2800)-02-29)$"

    /// What `text` accepts, but for its length (the document's `maxLength`).
    public static func textPattern(lineBreaks: Bool, allowEmpty: Bool) -> String {
        let allowed: Set<UInt32> = lineBreaks ? [0x09, 0x0A, 0x0D] : []
        let forbidden = UnicodeClass.merge(
            UnicodeClass.control.flatMap { UnicodeClass.split($0, removing: allowed) }
                + bidirectionalControls.map { $0...$0 }
        )
        let notEmpty = allowEmpty ? "" : "(?=[\\s\\S]*[^\(UnicodeClass.expression(UnicodeClass.trimmed))])"
        return "^" + notEmpty + noMarkup + "[^\(UnicodeClass.expression(forbidden))]*$"
    }

    /// What `filename` accepts: 1 to 255 bytes stated as 1 to 255 ASCII characters or 1 to 63
    /// of any (at most 4 bytes each), since an expression counts characters, not bytes.
    public static let filenamePattern: String = {
        let trimmed = UnicodeClass.expression(UnicodeClass.trimmed)
        let refused = UnicodeClass.expression([0x2F...0x2F, 0x5C...0x5C] + UnicodeClass.control + UnicodeClass.format)
        return
            "^(?=[\\u0000-\\u007F]{1,255}\(end)|[\\s\\S]{1,63}\(end))(?!\\.)"
            + "(?![\(trimmed)])(?![\\s\\S]*[\(trimmed)]\(end))"
            + noMarkup + "[^\(refused)]*$"
    }()

    /// The end of the text inside a lookahead: ICU's and Python's `$` also match before a final
    /// line break, which would let a name end in a space followed by U+2028.
    static let end = "(?![\\s\\S])"

    /// `plainText` as two lookaheads: no tag-like `<`, and no script scheme even when split by
    /// the spaces, control and formatting characters `markup` drops before looking.
    static let noMarkup: String = {
        let ignorable = "[\(UnicodeClass.expression(UnicodeClass.ignorable))]*"
        let schemes = ["javascript:", "vbscript:"].map { scheme in
            scheme.map { character in
                character.isLetter ? "[\(character)\(character.uppercased())]" : String(character)
            }.joined(separator: ignorable)
        }
        return "(?![\\s\\S]*<[A-Za-z/!?])(?![\\s\\S]*(?:\(schemes.joined(separator: "|"))))"
    }()
}

/// Ranges of Unicode scalars with a property, from this runtime's tables, as expression classes.
enum UnicodeClass {
    /// General category Cc.
    static let control = ranges { $0.properties.generalCategory == .control }
    /// General category Cf.
    static let format = ranges { $0.properties.generalCategory == .format }
    /// What `trimmingCharacters(in: .whitespaces)` removes (Foundation's table, which is not
    /// exactly category Zs and the tab: it keeps U+200B).
    static let trimmed = ranges { CharacterSet.whitespaces.contains($0) }
    /// What `Validate.markup` drops before looking for a scheme.
    static let ignorable = merge(ranges { $0.properties.isWhitespace } + control + format)

    static func ranges(_ test: (Unicode.Scalar) -> Bool) -> [ClosedRange<UInt32>] {
        var found: [ClosedRange<UInt32>] = []
        var start: UInt32?
        for value in UInt32(0)...0x10FFFF {
            let matches = Unicode.Scalar(value).map(test) ?? false
            if matches, start == nil { start = value }
            if !matches, let first = start {
                found.append(first...(value - 1))
                start = nil
            }
        }
        if let first = start { found.append(first...0x10FFFF) }
        return found
    }

    static func merge(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var merged: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// `range` without the values in `removed`.
    static func split(_ range: ClosedRange<UInt32>, removing removed: Set<UInt32>) -> [ClosedRange<UInt32>] {
        var parts: [ClosedRange<UInt32>] = []
        var start: UInt32?
        for value in range {
            if removed.contains(value) {
                if let first = start { parts.append(first...(value - 1)) }
                start = nil
            } else if start == nil {
                start = value
            }
        }
        if let first = start { parts.append(first...range.upperBound) }
        return parts
    }

    /// The inside of a `[...]` class: `\uXXXX` for the Basic Multilingual Plane, the character
    /// itself above it (the escapes of ECMA-262 and Python differ there).
    static func expression(_ ranges: [ClosedRange<UInt32>]) -> String {
        func one(_ value: UInt32) -> String {
            value <= 0xFFFF ? "\\u" + Digits.hex(value, 4, uppercase: true) : String(Character(Unicode.Scalar(value)!))
        }
        return ranges.map { range in
            if range.lowerBound <= 0xFFFF, range.upperBound > 0xFFFF {
                return one(range.lowerBound) + "-\\uFFFF" + one(0x10000) + "-" + one(range.upperBound)
            }
            return range.count == 1 ? one(range.lowerBound) : one(range.lowerBound) + "-" + one(range.upperBound)
        }.joined()
    }
}
