import Foundation
import Shared
import TestSupport
import Testing
import WireFormat

/// The regular expressions the API document states for the field rules accept exactly what
/// the rules accept (the document's length keywords aside), on every day from 1899 to 3000 and
/// on a seeded corpus of hostile and ordinary strings.
@Suite("The document's expressions agree with the field rules")
struct ValidationExpressionTests {
    static func matcher(_ pattern: String) throws -> (String) -> Bool {
        let expression = try NSRegularExpression(pattern: pattern)
        return { text in
            let whole = NSRange(text.startIndex..., in: text)
            return expression.firstMatch(in: text, range: whole)?.range == whole
        }
    }

    static func accepts(_ rule: () throws -> Void) -> Bool {
        (try? rule()) != nil
    }

    /// Strings built from pieces that each rule treats specially, drawn with a fixed seed.
    static func corpus(count: Int, seed: UInt64) -> [String] {
        let pieces = [
            "a", "Z", "7", " ", "\t", "\n", "\r", "<", ">", "&", "/", "\\", ".", ":", "<b", "</", "<!", "<?", "<5",
            "<<a",
            "java", "script", "JavaScript:", "vb", "vbscript:", "java\u{00AD}script:", "java\u{200B}script:",
            "ja va script :",
            "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "\u{200B}", "\u{200D}", "\u{202E}",
            "\u{2066}",
            "\u{2028}", "\u{3000}", "\u{FEFF}", "\u{E0041}", "\u{1D173}", "é", "日本", "👨‍👩‍👧", "\u{301}",
            "x.exe", "..",
            ".hidden",
        ]
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined()
        }
    }

    @Test func theDayExpressionIsValidateDayOnEveryDayFrom1899To3000() throws {
        let matches = try Self.matcher(Validate.dayPattern)
        var day = Timestamp.parseDay("1899-12-01")!
        let last = Timestamp.parseDay("3000-01-31")!
        var checked = 0
        while day <= last {
            let text = Timestamp.day(day)
            #expect(matches(text) == Self.accepts { _ = try Validate.day(text, field: "d") }, "\(text)")
            day = day.addingTimeInterval(86_400)
            checked += 1
        }
        for text in [
            "2026-02-29", "2028-02-29", "2100-02-29", "2000-02-29", "1900-02-29", "2026-13-01", "2026-00-10",
            "2026-1-1",
            "２０２６-01-01", "2026-01-01\n", "2026-01-01T00:00:00Z", "",
        ] {
            #expect(
                matches(text) == Self.accepts { _ = try Validate.day(text, field: "d") },
                "\(text.debugDescription)"
            )
        }
        #expect(checked > 400_000)
    }

    @Test(arguments: [(true, true), (true, false), (false, true), (false, false)])
    func theTextExpressionIsValidateTextOnTheCorpus(lineBreaks: Bool, allowEmpty: Bool) throws {
        let matches = try Self.matcher(Validate.textPattern(lineBreaks: lineBreaks, allowEmpty: allowEmpty))
        for text in Self.corpus(count: 4000, seed: 17) {
            let rule = Self.accepts {
                try Validate.text(
                    text,
                    field: "t",
                    maximum: 10_000,
                    allowLineBreaks: lineBreaks,
                    allowEmpty: allowEmpty
                )
            }
            #expect(matches(text) == rule, "\(text.debugDescription) rule \(rule)")
        }
    }

    @Test func theFilenameExpressionIsValidateFilenameOrNarrower() throws {
        let matches = try Self.matcher(Validate.filenamePattern)
        var agreed = 0
        for text in Self.corpus(count: 4000, seed: 23) + [
            "a.pdf", String(repeating: "a", count: 255), String(repeating: "a", count: 256),
            String(repeating: "é", count: 63), String(repeating: "é", count: 64),
        ] {
            let rule = Self.accepts { try Validate.filename(text) }
            // Narrower only where bytes and characters differ: 64 to 255 characters, some beyond ASCII.
            let narrowed = rule && !matches(text) && text.unicodeScalars.count > 63 && !text.allSatisfy(\.isASCII)
            #expect(matches(text) == rule || narrowed, "\(text.debugDescription) rule \(rule)")
            if matches(text) == rule { agreed += 1 }
        }
        #expect(agreed > 3900)
    }

    /// The address rule as it was written before it became one expression: a pattern, then
    /// the local part's dots checked in code.
    static func twoStepEmailRule(_ value: String) throws -> Bool {
        let pattern =
            #"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"#
            + #"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)+$"#
        guard value.utf8.count <= 254, try matcher(pattern)(value) else { return false }
        let local = value.prefix { $0 != "@" }
        return !local.hasPrefix(".") && !local.hasSuffix(".") && !local.contains("..")
    }

    @Test func theEmailExpressionIsTheTwoStepRule() throws {
        let addresses =
            [
                "a@b.co", ".a@b.co", "a.@b.co", "a..b@c.de", "a.b@c.de", "a@b", "a@-b.co", "a@b-.co", "a b@c.de",
                "a@b.co\n",
                String(repeating: "a", count: 64) + "@b.co", String(repeating: "a", count: 65) + "@b.co",
                "a@" + String(repeating: "b", count: 61) + "." + String(repeating: "c", count: 61) + "."
                    + String(repeating: "d", count: 61)
                    + "." + String(repeating: "e", count: 61) + ".co", "ü@b.co", "a@b.co@c.de", "\"a\"@b.co",
                "_%+-@x-y.z9",
            ]
            + Self.corpus(count: 2000, seed: 5).map { $0 + "@example.com" }
        var accepted = 0
        for address in addresses {
            let expected = try Self.twoStepEmailRule(address)
            #expect(Validate.isEmail(address) == expected, "\(address.debugDescription)")
            if expected { accepted += 1 }
        }
        #expect(accepted > 20)
    }

    /// Strings over the bytes the shapes treat specially, of every length around their bounds.
    static func shapeCorpus(seed: UInt64) -> [String] {
        let alphabet = ["A", "Z", "a", "z", "0", "9", "_", "-", "+", " ", "(", ")", ".", "@", "%", "\n", "é", "Ａ", "١"]
        var generator = SeededGenerator(seed: seed)
        let lengths = Array(0...8) + [24, 25, 26, 39, 40, 41, 63, 64, 65]
        return lengths.flatMap { length in
            (0..<150).map { _ in
                (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            }
        }
    }

    @Test(arguments: [
        ("code", Validate.codePattern), ("currency", Validate.currencyPattern), ("phone", Validate.phonePattern),
        ("value name", Validate.valueNamePattern), ("decimal", #"^-?[0-9]{1,15}(\.[0-9]{1,10})?$"#),
        ("lower name", "^[a-z0-9][a-z0-9-]{0,63}$"), ("email", Validate.emailPattern),
        ("origin", "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$"), ("region", "^[a-z]{2}(-[a-z]+)+-[0-9]+$"),
        ("event type", "^[a-z][a-z0-9_.]{0,63}$"),
    ])
    func eachShapeAcceptsWhatItsExpressionAccepts(name: String, pattern: String) throws {
        let shapes: [String: (String) -> Bool] = [
            "code": Validate.isCode, "currency": Validate.isCurrency, "phone": Validate.isPhone,
            "value name": Validate.isValueName, "decimal": Validate.isDecimalText, "lower name": Validate.isLowerName,
            "email": Validate.isEmail, "origin": Validate.isOrigin, "region": Validate.isRegion,
            "event type": Validate.isEventType,
        ]
        let shape = try #require(shapes[name])
        let matches = try Self.matcher(pattern)
        let samples =
            Self.shapeCorpus(seed: 41) + Self.corpus(count: 500, seed: 43) + [
                "MUTUAL_AGREEMENT", "SERVICE\n", "EUR", "+49 (30) 123-45", "+1", "user_name", "1500.50", "-0.5", "1.",
                ".5", "1234567890123456", "termination-notice", "a@b.co", "a..b@c.de", "x@y", "1e5",
                "https://app.testex.com", "http://localhost:8080", "https://a:123456", "ftp://a", "https://",
                "http://a:",
                "https://a.b-c:1", "HTTPS://a", "https://a/",
                "eu-west-1", "us-gov-west-1", "us-east", "useast-1", "u-east-1", "us--1", "us-east-", "us-East-1",
                "contract.terminated", "notification.status_changed", "Contract.x", ".a",
            ]
        var accepted = 0
        for text in samples {
            #expect(shape(text) == matches(text), "\(name): \(text.debugDescription)")
            if matches(text) { accepted += 1 }
        }
        #expect(accepted > 0, "\(name): the corpus holds accepted strings")
    }
}
