import Cryptography
import Foundation
import Shared
import Testing

@Suite("Password hashing")
struct PasswordHashTests {
    @Test(arguments: [
        ("password", "salt", 1, 32, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        ("password", "salt", 4096, 32, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        (
            "passwd", "salt", 1, 64,
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
        ),
    ])
    func pbkdf2MatchesKnownVectors(password: String, salt: String, iterations: Int, length: Int, hex: String) {
        #expect(
            PBKDF2.sha256(password: Data(password.utf8), salt: Data(salt.utf8), iterations: iterations, length: length)
                .hexEncodedString == hex
        )
    }

    @Test func aHashVerifiesItsPasswordOnly() {
        let hash = PasswordHash.make("correct horse", iterations: 1000)
        #expect(hash.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(PasswordHash.verify("correct horse", against: hash))
        #expect(!PasswordHash.verify("correct horsE", against: hash))
        #expect(!PasswordHash.verify("", against: hash))
    }

    @Test func theSamePasswordHashesDifferentlyEachTime() {
        #expect(PasswordHash.make("same", iterations: 1000) != PasswordHash.make("same", iterations: 1000))
    }

    @Test func newHashesUseTheRecommendedWorkFactor() {
        #expect(PasswordHash.iterations >= 600_000)
        #expect(PasswordHash.decoy.hasPrefix("pbkdf2-sha256$\(PasswordHash.iterations)$"))
    }

    @Test(arguments: [
        "", "plain", "pbkdf2-sha256$1000$$", "md5$1$c2FsdA$aGFzaA", "pbkdf2-sha256$0$c2FsdA$aGFzaA",
        "pbkdf2-sha256$99999999999$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$1000$c2FsdA$short",
    ])
    func malformedOrAbusiveHashesNeverMatch(_ encoded: String) {
        #expect(!PasswordHash.verify("anything", against: encoded))
    }

    @Test func constantTimeComparisonComparesEveryByte() {
        #expect(ConstantTime.equals(Data([1, 2, 3]), Data([1, 2, 3])))
        #expect(!ConstantTime.equals(Data([1, 2, 3]), Data([1, 2, 4])))
        #expect(!ConstantTime.equals(Data([1, 2, 3]), Data([1, 2])))
        #expect(ConstantTime.equals(Data(), Data()))
    }
}
