import Foundation
import Shared
import Testing
import WireFormat

/// The one percent-encoder, in each of the forms the system uses.
@Suite struct URIEncodingTests {
    @Test func rfc3986FormKeepsOnlyTheUnreservedAndSlashInPaths() {
        #expect(URIEncoding.encode("a b/ü~.-_") == "a%20b%2F%C3%BC~.-_")
        #expect(URIEncoding.encode("a b/ü", keepingSlash: true) == "a%20b/%C3%BC")
        #expect(URIEncoding.formEncode("a b+c") == "a+b%2Bc")
    }

    @Test func aRuleOfOffsetAndByteChoosesWhatIsKept() {
        // A leading dot escaped, later ones kept: the file-name form of the stand-ins.
        let kept = URIEncoding.encode(Array(".a.b%".utf8)) { offset, byte in
            byte != UInt8(ascii: "%") && (offset > 0 || byte != UInt8(ascii: "."))
        }
        #expect(kept == "%2Ea.b%25")
    }

    @Test func decodingRefusesMalformedEscapesInvalidUTF8AndRefusedLiterals() {
        #expect(URIEncoding.decode("a%20b+c") == "a b+c")
        #expect(URIEncoding.decode("a%20b+c", plusAsSpace: true) == "a b c")
        #expect(URIEncoding.decode("%zz") == nil)
        #expect(URIEncoding.decode("%4") == nil)
        #expect(URIEncoding.decode("%FF") == nil)
        #expect(URIEncoding.decodeBytes("%2e", upperCaseOnly: true) == nil)
        #expect(URIEncoding.decodeBytes("%2E") == [UInt8(ascii: ".")])
        #expect(URIEncoding.decodeBytes("a/b") { _, byte in byte != UInt8(ascii: "/") } == nil)
    }
}
