import Foundation
import Testing

@testable import LocalAWS

@Suite("PathComponent and ObjectKeyPath")
struct PathComponentTests {
    static let names = [
        "", ".", "..", "...", ".hidden", "a/b", "100%", "%2E", "%", "tab\t", "\u{1}\u{7F}", "ünï 日本 🧾",
        "plain-name.pdf", "[$LATEST]", "a.object", ".tmp-1", "~", "%~",
    ]

    @Test(arguments: names)
    func encodedNamesAreSafeFileNamesThatDecodeBack(name: String) {
        let encoded = PathComponent.encode(name)
        #expect(!encoded.isEmpty)
        #expect(encoded != "." && encoded != "..")
        #expect(!encoded.hasPrefix("."))
        #expect(!encoded.utf8.contains(UInt8(ascii: "/")))
        #expect(!encoded.utf8.contains { $0 < 0x20 || $0 == 0x7F })
        #expect(PathComponent.decode(encoded).map { Array($0.utf8) } == Array(name.utf8))
    }

    @Test func ordinaryNamesStayReadable() {
        #expect(PathComponent.encode("contract.pdf") == "contract.pdf")
        #expect(PathComponent.encode("ünï 日本") == "ünï 日本")
        #expect(PathComponent.encode("2026/11/22/[$LATEST]ab") == "2026%2F11%2F22%2F[$LATEST]ab")
        #expect(PathComponent.encode("..") == "%2E.")
    }

    @Test func distinctNamesNeverShareAFileName() {
        let encoded = Self.names.map { PathComponent.encode($0) }
        #expect(Set(encoded).count == Self.names.count)
    }

    @Test func longNamesAreShortenedWithAHashAndStayDistinct() {
        let first = String(repeating: "x", count: 1000) + "1"
        let second = String(repeating: "x", count: 1000) + "2"
        let a = PathComponent.encode(first)
        let b = PathComponent.encode(second)
        #expect(a != b)
        #expect(a.utf8.count <= PathComponent.maximumLength)
        #expect(a.hasPrefix("xxxx"))
        #expect(PathComponent.decode(a) == nil)
        let wide = PathComponent.encode(String(repeating: "\u{1}", count: 300))
        #expect(wide.utf8.count <= PathComponent.maximumLength)
    }

    @Test func directorySegmentsNeverEndWithTheObjectFileSuffixes() {
        let path = ObjectKeyPath(key: "x.object/y.object.json/z.versions/name.object")
        #expect(path.directories == ["x%2Eobject", "y%2Eobject.json", "z%2Eversions"])
        #expect(path.name == "name.object")
        #expect(path.metadataFileName == "name.object.object.json")
    }

    @Test func keysSplitOnEverySlashIncludingEmptySegments() {
        let path = ObjectKeyPath(key: "/a//b/")
        #expect(path.directories == ["%", "a", "%", "b"])
        #expect(path.name == "%")
        #expect(ObjectKeyPath(key: "../../etc/passwd").directories == ["%2E.", "%2E.", "etc"])
    }

    @Test func dataFilesAreRecognizedOnlyForTheirOwnKey() {
        let path = ObjectKeyPath(key: "docs/x")
        #expect(path.isDataFile("x.0123abcd.object"))
        #expect(!path.isDataFile("x.0123abcd.object.json"))
        #expect(!path.isDataFile("xy.0123abcd.object"))
        #expect(!path.isDataFile("x.zzzzzzzz.object"))
        #expect(!ObjectKeyPath(key: "x.0123abcd").isDataFile("x.0123abcd.object"))
    }
}
