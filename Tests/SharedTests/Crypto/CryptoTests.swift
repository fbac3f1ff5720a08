import Cryptography
import Foundation
import Shared
import Testing

@Suite("Crypto")
struct CryptoTests {
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6"),
    ])
    func md5MatchesKnownVectors(input: String, hex: String) {
        #expect(Digest.md5(Data(input.utf8)).hexEncodedString == hex)
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func sha256MatchesKnownVectors(input: String, hex: String) {
        #expect(Digest.sha256(Data(input.utf8)).hexEncodedString == hex)
    }

    @Test func sha256OfAMillionAsMatchesTheFIPSVector() {
        let input = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(
            Digest.sha256(input).hexEncodedString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        )
    }

    @Test func hmacSHA256MatchesRFC4231TestCase1() {
        let key = Data(repeating: 0x0b, count: 20)
        #expect(
            HMAC.sha256(key: key, data: Data("Hi There".utf8)).hexEncodedString
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        )
    }

    @Test func hmacSHA256MatchesRFC4231TestCase2() {
        #expect(
            HMAC.sha256(key: Data("Jefe".utf8), data: Data("what do ya want for nothing?".utf8)).hexEncodedString
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        )
    }

    @Test func hmacSHA256MatchesRFC4231TestCase6WithAKeyLongerThanTheBlock() {
        let key = Data(repeating: 0xaa, count: 131)
        let data = Data("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(
            HMAC.sha256(key: key, data: data).hexEncodedString
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        )
    }

    @Test func hexRoundTripsAndRejectsMalformedText() {
        let bytes = Data([0x00, 0x0f, 0xa0, 0xff])
        #expect(Hex.encode(bytes) == "000fa0ff")
        #expect(Hex.decode("000FA0ff") == bytes)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("") == Data())
    }

    @Test func secureRandomGivesTheRequestedNumberOfDistinctBytes() {
        #expect(SecureRandom.bytes(count: 0).isEmpty)
        #expect(SecureRandom.bytes(count: 32).count == 32)
        #expect(SecureRandom.bytes(count: 16) != SecureRandom.bytes(count: 16))
        #expect(SecureRandom.hex(count: 4).count == 8)
        // Every byte value appears over enough draws (no stuck bits from the word-to-byte split).
        let seen = Set((0..<64).flatMap { _ in SecureRandom.bytes(count: 1024) })
        #expect(seen.count == 256)
        #expect(SecureRandom.bytes(count: 13).count == 13)
    }

    @Test func randomIdsAreThePrefixAndUpperCaseLettersOrDigitsEachDrawn() {
        let ids = (0..<2000).map { _ in IDGenerator.random.next("CT", 6) }
        #expect(ids.allSatisfy { Validate.isId($0, prefix: "CT") })
        #expect(Set(ids.flatMap { $0.dropFirst(2) }).count == 36)
        #expect(IDGenerator.random.next("X", 40).count == 41)
    }

    @Test func requestIdsAreLowerCaseRandomVersion4UUIDs() throws {
        let ids = (0..<200).map { _ in IDGenerator.requestID() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let uuid = try #require(UUID(uuidString: id), "\(id)")
            #expect(uuid.uuidString.lowercased() == id)
            let bytes = Array(id.utf8)
            #expect(bytes[14] == UInt8(ascii: "4"), "\(id): version 4")
            #expect("89ab".utf8.contains(bytes[19]), "\(id): RFC 4122 variant")
        }
    }
}
