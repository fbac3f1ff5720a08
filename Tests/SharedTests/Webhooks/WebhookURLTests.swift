import Shared
import Testing

@Suite("Webhook URLs: http or https, no credentials")
struct WebhookURLTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080/hooks?x=1", "http", "127.0.0.1", 8080, "/hooks?x=1", true),
        ("https://hooks.example.com", "https", "hooks.example.com", 443, "/", false),
        ("HTTP://LocalHost:9000?q", "http", "localhost", 9000, "/?q", true),
        ("http://[::1]:81/a", "http", "[::1]", 81, "/a", true),
        ("http://127.1.2.3/", "http", "127.1.2.3", 80, "/", true),
        ("http://10.0.0.1/", "http", "10.0.0.1", 80, "/", false),
    ])
    func aValidURLIsReadIntoItsParts(
        _ text: String,
        _ scheme: String,
        _ host: String,
        _ port: Int,
        _ target: String,
        _ loopback: Bool
    ) throws {
        let url = try WebhookURL(text)
        #expect(url.scheme == scheme && url.host == host && url.port == port && url.target == target)
        #expect(url.isLoopback == loopback)
    }

    @Test(arguments: [
        ("ftp://example.com/", "http or https"),
        ("http://user:pass@example.com/", "credentials"),
        ("http://token@example.com/", "credentials"),
        ("https://example.com/#part", "fragment"),
        ("http://example.com/a b", "printable ASCII"),
        ("example.com/hook", "http:// or https://"),
        ("http:///path", "host"),
        ("http://example.com:0/", "port"),
        ("http://example.com:99999/", "port"),
        ("http://exa_mple.com/", "invalid host"),
        ("http://[::1/", "unclosed"),
        ("", "1 to 2048"),
    ])
    func anInvalidURLIsRefusedNamingTheProblem(_ text: String, _ problem: String) {
        #expect {
            try WebhookURL(text)
        } throws: { error in
            (error as? DomainError)?.message.contains(problem) == true
        }
    }

    @Test func aURLLongerThan2048CharactersIsRefused() {
        #expect(throws: DomainError.self) {
            try WebhookURL("http://example.com/" + String(repeating: "a", count: 2048))
        }
    }

    @Test func theHostHeaderNamesAPortOnlyWhenItIsNotTheDefault() throws {
        #expect(try WebhookURL("http://example.com:80/").hostHeader == "example.com")
        #expect(try WebhookURL("http://127.0.0.1:8080/").hostHeader == "127.0.0.1:8080")
    }
}
