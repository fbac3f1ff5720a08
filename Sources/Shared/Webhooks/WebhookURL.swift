import Foundation

/// Where a webhook is sent: an absolute `http` or `https` URL without credentials or fragment,
/// checked when it is given (a subscription, a callback) so a bad one is refused there, with
/// the problem named, and never reaches a delivery.
public struct WebhookURL: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    /// `http` or `https`, lower-cased.
    public let scheme: String
    /// The host as written, lower-cased; an IPv6 literal keeps its brackets.
    public let host: String
    public let port: Int
    /// The path and query sent in the request line (`/` when the URL has none).
    public let target: String

    public static let maximumLength = 2048

    public init(_ text: String) throws {
        guard (1...Self.maximumLength).contains(text.utf8.count) else {
            throw DomainError.invalid("url must be 1 to \(Self.maximumLength) characters")
        }
        guard text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw DomainError.invalid("url must be printable ASCII without spaces (percent-encode the rest)")
        }
        guard let separator = text.range(of: "://") else {
            throw DomainError.invalid("url must start with http:// or https://")
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw DomainError.invalid("url must use http or https, not '\(scheme.prefix(20))'")
        }
        guard !text.contains("#") else { throw DomainError.invalid("url must not have a fragment (#...)") }
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.contains("@") else {
            throw DomainError.invalid(
                "url must not carry credentials (user:password@); the signature authenticates the sender"
            )
        }
        let (host, port) = try Self.hostAndPort(authority, scheme: scheme)
        let target = String(rest[authorityEnd...])
        self.text = text
        self.scheme = scheme
        self.host = host
        self.port = port
        self.target = target.isEmpty ? "/" : target.hasPrefix("?") ? "/" + target : target
    }

    public var description: String { text }

    /// Whether the host is this machine's loopback interface: `localhost`, 127.0.0.0/8 or `[::1]`.
    public var isLoopback: Bool {
        if host == "localhost" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The `Host` header: the host, and the port when it is not the scheme's default.
    public var hostHeader: String {
        port == (scheme == "https" ? 443 : 80) ? host : "\(host):\(port)"
    }

    private static func hostAndPort(_ authority: Substring, scheme: String) throws -> (String, Int) {
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw DomainError.invalid("url has an unclosed IPv6 address")
            }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw DomainError.invalid("url has text after its IPv6 address") }
                portText = after.dropFirst()
            }
            guard host.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }), host.count > 2
            else {
                throw DomainError.invalid("url has an invalid IPv6 address")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { throw DomainError.invalid("url must name a host") }
        if !host.hasPrefix("[") {
            let valid =
                host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
                && !host.hasPrefix(".") && !host.hasPrefix("-") && host.count <= 253
            guard valid else { throw DomainError.invalid("url has an invalid host '\(host.prefix(60))'") }
        }
        var port = scheme == "https" ? 443 : 80
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number), portText.allSatisfy(\.isNumber) else {
                throw DomainError.invalid("url has an invalid port '\(portText.prefix(10))' (1 to 65535)")
            }
            port = number
        }
        return (host.lowercased(), port)
    }
}
