import Cryptography
import Foundation
import WireFormat

/// A page of a list: `{"items": [...], "next_token": "..."}`, `next_token` absent on the last page.
public struct Page<Element: Codable & Sendable>: Codable, Sendable {
    public var items: [Element]
    public var nextToken: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextToken = "next_token"
    }

    public init(items: [Element], nextToken: String?) {
        self.items = items
        self.nextToken = nextToken
    }
}

/// What page of a list to return.
public struct PageRequest: Codable, Sendable, Hashable {
    public static let defaultLimit = 50
    public static let maximumLimit = 100

    public var limit: Int?
    public var nextToken: String?

    enum CodingKeys: String, CodingKey {
        case limit
        case nextToken = "next_token"
    }

    public init(limit: Int? = nil, nextToken: String? = nil) {
        self.limit = limit
        self.nextToken = nextToken
    }

    /// The limit to use, after checking it is within 1...maximumLimit.
    public func validatedLimit() throws -> Int {
        guard let limit else { return PageRequest.defaultLimit }
        guard (1...PageRequest.maximumLimit).contains(limit) else {
            throw DomainError.invalid("limit must be between 1 and \(PageRequest.maximumLimit)")
        }
        return limit
    }
}

/// The opaque continuation token: the last evaluated key, as base64url of its JSON.
public enum PageToken {
    public static func encode(_ key: Item?) -> String? {
        guard let key, let data = try? JSON.encode(key) else { return nil }
        return Base64URL.encode(data)
    }

    /// The key a token stands for; a token that was not made here is a malformed request.
    public static func decode(_ token: String?) throws -> Item? {
        guard let token else { return nil }
        guard token.utf8.count <= 4096, let data = Base64URL.decode(token),
            let key = try? JSON.decode(Item.self, from: data), !key.isEmpty
        else {
            throw DomainError.malformed("next_token is not a token this API returned")
        }
        return key
    }
}
