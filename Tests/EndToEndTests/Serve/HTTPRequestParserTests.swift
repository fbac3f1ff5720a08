import Foundation
import TestSupport
import Testing

@testable import LocalHarness

/// The server's request parser on whole, fragmented, pipelined and hostile input.
@Suite("HTTP request parser")
struct HTTPRequestParserTests {
    static let limits = HTTPLimits()

    /// Feeds `chunks` one after another and collects what the parser made of them.
    static func parse(_ chunks: [String], limits: HTTPLimits = limits) -> [Result<HTTPServerRequest, HTTPRefusal>] {
        var parser = HTTPRequestParser(limits: limits)
        var buffer = InputBuffer()
        var results: [Result<HTTPServerRequest, HTTPRefusal>] = []
        for chunk in chunks {
            buffer.append(Array(chunk.utf8)[...])
            loop: while true {
                switch parser.next(&buffer) {
                case .needMore: break loop
                case .sendContinue: continue
                case .request(let request): results.append(.success(request))
                case .refused(let refusal):
                    results.append(.failure(refusal))
                    return results
                }
            }
        }
        return results
    }

    static func refusal(_ text: String, limits: HTTPLimits = limits) -> HTTPRefusal? {
        guard case .failure(let refusal)? = parse([text], limits: limits).first else { return nil }
        return refusal
    }

    @Test func aRequestArrivingOneByteAtATimeIsReadWhole() throws {
        let text =
            "POST /api/clients?x=1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 11\r\nX-A: a\r\nX-A: b\r\n\r\n"
            + "hello world"
        let results = Self.parse(text.map { String($0) })
        let request = try #require(try results.first?.get())
        #expect(results.count == 1)
        #expect(request.method == "POST" && request.target == "/api/clients?x=1" && request.version == "HTTP/1.1")
        #expect(String(decoding: request.body, as: UTF8.self) == "hello world")
        #expect(request.headers.filter { $0.name == "X-A" }.map(\.value) == ["a", "b"])
        #expect(request.keepAlive)
    }

    @Test func chunkedBodiesAreDecodedAcrossFragmentsWithExtensionsAndTrailers() throws {
        let text =
            "PUT /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;name=v\r\nhello\r\n6\r\n world\r\n"
            + "0\r\nX-Trailer: t\r\n\r\n"
        for size in [1, 3, 7, text.utf8.count] {
            let chunks = stride(from: 0, to: text.count, by: size).map {
                String(Array(text)[$0..<min($0 + size, text.count)])
            }
            let request = try #require(try Self.parse(chunks).first?.get())
            #expect(String(decoding: request.body, as: UTF8.self) == "hello world", "fragments of \(size)")
        }
    }

    @Test func pipelinedRequestsAreReadInOrder() throws {
        let text =
            "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n\r\n"
            + "GET /c HTTP/1.0\r\n\r\n"
        let requests = try Self.parse([text]).map { try $0.get() }
        #expect(requests.map(\.target) == ["/a", "/b", "/c"])
        #expect(requests.map(\.keepAlive) == [true, false, false])
    }

    @Test func anAbsoluteFormTargetBecomesItsPath() throws {
        let request = try #require(
            try Self.parse(["GET http://localhost:3000/api/contracts?limit=1 HTTP/1.1\r\nHost: localhost\r\n\r\n"])
                .first?.get()
        )
        #expect(request.target == "/api/contracts?limit=1")
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\nHost: h\n\n", 400), ("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400), ("GET / HTTP/1.1\r\nBad Name: x\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400), ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400), ("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505), ("GET / SPDY/3\r\nHost: h\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{1}b\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1e3\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 52428800\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n", 400),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: h\r\nExpect: magic\r\nContent-Length: 1\r\n\r\n", 417),
    ])
    func malformedRequestsAreRefusedWithTheirStatus(_ text: String, _ status: Int) {
        let refusal = Self.refusal(text)
        #expect(refusal?.status == status, "\(text.debugDescription): \(String(describing: refusal))")
        #expect(refusal.map { !$0.message.isEmpty } == true)
    }

    @Test func oversizedPartsAreRefusedBeforeTheyAreWhole() {
        #expect(Self.refusal("GET /" + String(repeating: "a", count: 9000))?.status == 414)
        #expect(
            Self.refusal("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: h\r\n\r\n")?.status == 414
        )
        #expect(
            Self.refusal("GET /" + String(repeating: "a", count: 1 << 20) + " HTTP/1.1\r\nHost: h\r\n\r\n")?.status
                == 414,
            "a whole head whose request line is too long is a 414, not a 431"
        )
        let manyHeaders = "GET / HTTP/1.1\r\nHost: h\r\n" + String(repeating: "X: y\r\n", count: 101) + "\r\n"
        #expect(Self.refusal(manyHeaders)?.status == 431)
        let bigHeaders =
            "GET / HTTP/1.1\r\nHost: h\r\n"
            + String(repeating: "X-Long: " + String(repeating: "v", count: 1000) + "\r\n", count: 17)
        #expect(Self.refusal(bigHeaders)?.status == 431, "refused before the blank line arrives")
        var small = HTTPLimits()
        small.bodyBytes = 10
        #expect(
            Self.refusal(
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n",
                limits: small
            )?
            .status == 413
        )
    }

    @Test func expectContinueAsksForTheBodyOnce() {
        var parser = HTTPRequestParser(limits: Self.limits)
        var buffer = InputBuffer()
        buffer.append(
            Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8)[...]
        )
        guard case .sendContinue = parser.next(&buffer) else {
            Issue.record("no 100 Continue")
            return
        }
        guard case .needMore = parser.next(&buffer) else {
            Issue.record("asked twice")
            return
        }
        buffer.append(Array("ok".utf8)[...])
        guard case .request(let request) = parser.next(&buffer) else {
            Issue.record("no request")
            return
        }
        #expect(request.body == Data("ok".utf8))
    }

    @Test func headerValuesThatAreNotUTF8AreReadAsLatin1() throws {
        var bytes = Array("GET / HTTP/1.1\r\nHost: h\r\nX-Name: M".utf8)
        bytes += [0xFC, 0x6C, 0x6C, 0x65, 0x72] + Array("\r\n\r\n".utf8)
        var parser = HTTPRequestParser(limits: Self.limits)
        var buffer = InputBuffer()
        buffer.append(bytes[...])
        guard case .request(let request) = parser.next(&buffer) else {
            Issue.record("refused")
            return
        }
        #expect(request.header("x-name") == "Müller")
    }

    /// Seeded mutations of valid requests, fed in random fragments: every one ends in a request,
    /// a refusal or a wait for more, and a refusal is always one of the statuses the parser uses.
    @Test func mutatedRequestsNeverTrapAndAreRefusedWithAKnownStatus() {
        let seeds = [
            "POST /api/clients?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello",
            "PUT /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nT: x\r\n\r\n",
        ].map { Array($0.utf8) }
        let noise: [UInt8] = [0x00, 0x0A, 0x0D, 0x20, 0x3A, 0x3B, 0x30, 0x46, 0x7F, 0xFF, 0x2C, 0x09]
        var generator = SeededGenerator(seed: 20_261_122)
        var refused = 0
        for _ in 0..<3000 {
            var bytes = seeds.randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[at] = noise.randomElement(using: &generator)!
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(noise.randomElement(using: &generator)!, at: at)
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 16)], at: at)
                }
            }
            var parser = HTTPRequestParser(limits: Self.limits)
            var buffer = InputBuffer()
            var offset = 0
            feeding: while offset < bytes.count {
                let size = Int.random(in: 1...32, using: &generator)
                buffer.append(bytes[offset..<min(bytes.count, offset + size)])
                offset += size
                while true {
                    switch parser.next(&buffer) {
                    case .needMore: continue feeding
                    case .sendContinue, .request: continue
                    case .refused(let refusal):
                        #expect([400, 413, 414, 417, 431, 501, 505].contains(refusal.status), "\(refusal)")
                        refused += 1
                        break feeding
                    }
                }
            }
        }
        #expect(refused > 500, "the mutations are refused often enough to mean something: \(refused)")
    }
}
