import Cryptography
import Foundation
import LocalAWS
import Shared
import WireFormat

/// The secrets of one state directory, made with `SecureRandom` when the state is first used
/// and kept in `signing-keys.json` (mode 0600): the HS256 key of bearer tokens and the key of
/// presigned links. Local only: a real deployment signs tokens in Cognito and links with IAM.
public struct LocalSigningKeys: Sendable, Hashable {
    public var tokenKey: Data
    public var linkKey: Data

    public init(tokenKey: Data, linkKey: Data) {
        self.tokenKey = tokenKey
        self.linkKey = linkKey
    }

    /// Fresh 256-bit keys.
    public static func random() -> LocalSigningKeys {
        LocalSigningKeys(tokenKey: SecureRandom.bytes(count: 32), linkKey: SecureRandom.bytes(count: 32))
    }

    /// The file's form: hex, so a person can see the file holds keys (and that it must not be shared).
    struct File: Codable {
        var tokenSigningKey: String
        var linkSigningKey: String
        var note = "Local-only secrets of this state directory; never reuse them outside it."

        enum CodingKeys: String, CodingKey {
            case tokenSigningKey = "token_signing_key"
            case linkSigningKey = "link_signing_key"
            case note
        }
    }
}

extension StateDirectory {
    public var signingKeysFile: URL { root.appendingPathComponent("signing-keys.json") }

    /// The state's keys, created (under the state's lock, so concurrent first uses agree) when absent.
    /// Existing keys are read without the lock (the file is written whole, by rename), so a
    /// read-only state can be read.
    public func signingKeys() throws -> LocalSigningKeys {
        if let keys = try storedSigningKeys() { return keys }
        try DurableFile.createDirectory(root)
        return try FileLock.withLock(root.appendingPathComponent(".lock")) {
            if let keys = try storedSigningKeys() { return keys }
            let keys = LocalSigningKeys.random()
            let file = LocalSigningKeys.File(
                tokenSigningKey: keys.tokenKey.hexEncodedString,
                linkSigningKey: keys.linkKey.hexEncodedString
            )
            try DurableFile.write(try JSON.encodePretty(file), to: signingKeysFile, permissions: 0o600)
            return keys
        }
    }

    private func storedSigningKeys() throws -> LocalSigningKeys? {
        guard let data = try DurableFile.read(signingKeysFile) else { return nil }
        guard let file = try? JSON.decode(LocalSigningKeys.File.self, from: data),
            let token = Hex.decode(file.tokenSigningKey), token.count >= 32,
            let link = Hex.decode(file.linkSigningKey), link.count >= 32
        else {
            throw UsageError(
                "\(signingKeysFile.path) is not a keys file of testex-local; remove it to make new keys "
                    + "(existing tokens and links stop working)"
            )
        }
        return LocalSigningKeys(tokenKey: token, linkKey: link)
    }
}
