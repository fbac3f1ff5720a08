import Foundation
import Shared
import Testing

@testable import FileHandler

/// What a document may be, on its own: sizes, types, link lifetimes and the base64 it comes in.
@Suite("Document rules")
struct DocumentRulesTests {
    @Test func aContentTypeIsComparedWithoutItsParametersAndCase() throws {
        #expect(try DocumentRules.checkContentType("Application/PDF; charset=binary") == "application/pdf")
        #expect(throws: DomainError.self) { try DocumentRules.checkContentType("application/x-msdownload") }
    }

    @Test func aLinkLivesTheDefaultOrAnAcceptedNumberOfSeconds() throws {
        #expect(try DocumentRules.linkLifetime(nil) == DocumentRules.defaultLinkLifetime)
        #expect(
            try DocumentRules.linkLifetime(DocumentRules.linkLifetimes.upperBound)
                == DocumentRules.linkLifetimes.upperBound
        )
        #expect(throws: DomainError.self) { try DocumentRules.linkLifetime(DocumentRules.linkLifetimes.upperBound + 1) }
        #expect(throws: DomainError.self) { try DocumentRules.linkLifetime(0) }
    }

    @Test func base64IsStrictButToleratesLineBreaks() throws {
        #expect(try DocumentRules.decode("aGVs\r\nbG8=") == Data("hello".utf8))
        #expect(throws: DomainError.invalid("content_base64 is not valid base64")) {
            try DocumentRules.decode("aGVsbG8=!")
        }
        #expect(throws: DomainError.invalid("the document is empty")) { try DocumentRules.decode("") }
    }

    @Test func aDocumentOverTheLimitIsRefusedBeforeItIsDecoded() {
        let limit = DocumentRules.maximumBytes
        let tooLong = String(repeating: "A", count: (limit / 3 + 1) * 4 + 4100)
        #expect(throws: DomainError.tooLarge("the document is larger than \(limit / 1024 / 1024) MB")) {
            try DocumentRules.decode(tooLong)
        }
        let justOver = Data(count: limit + 1).base64EncodedString()
        #expect(throws: DomainError.self) { try DocumentRules.decode(justOver) }
    }
}
