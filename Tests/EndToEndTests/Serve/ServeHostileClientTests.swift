import Foundation
import Testing

/// Clients that misbehave on purpose: each is answered or dropped within a bound, `serve` stays
/// up and answers the next request, its memory stays bounded, and nothing is written.
@Suite("serve and hostile clients", .serialized)
struct ServeHostileClientTests {
    static func seconds(_ start: Date) -> Double { Date().timeIntervalSince(start) }

    @Test func everyHostileClientIsAnsweredOrDroppedWithinItsBoundAndNothingIsWritten() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let serve = try ServeProcess(harness, arguments: ["--header-timeout", "2", "--quiet"])
        defer { serve.stop() }
        let token = await harness.run("token", "--as", "admin").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let before = harness.snapshot()
        let head =
            "POST /api/clients HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: application/json\r\n"

        try await Self.slowloris(serve)
        try Self.oversizedBodies(serve, head: head)
        try Self.oversizedHeads(serve)
        // Clients that close mid-body: their requests never run.
        for _ in 0..<5 {
            let quitter = try #require(RawClient(port: serve.port))
            quitter.send(head + "Content-Length: 200\r\n\r\n" + #"{"name":"Half Written","email":"half@"#)
        }
        try await Self.manyKeepAliveClients(serve, token: token, count: 200)
        let peak = try #require(serve.peakMemoryMB)
        #expect(peak < 128, "serve peaked at \(peak) MB")
        let after = try Curl.run([serve.base + "/api/contracts/CT001ABC", "-H", "Authorization: Bearer \(token)"])
        #expect(after.status == 200, "serve still answers")
        #expect(harness.snapshot() == before, "a refused request wrote something")
        #expect(serve.stop() == 0)
    }

    /// A header line every half second never completes the head: 408 once the bound has passed.
    /// The sender and the reader run on threads of their own, so the time is the server's.
    static func slowloris(_ serve: ServeProcess) async throws {
        let slow = try #require(RawClient(port: serve.port))
        let start = Date()
        slow.send("GET /api/contracts HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        Thread.detachNewThread {
            for index in 0..<12 {
                guard slow.send("X-Slow-\(index): y\r\n") else { return }
                usleep(500_000)
            }
        }
        let (status, elapsed) = await onThread { (slow.response()?.status, Date().timeIntervalSince(start)) }
        #expect(status == 408, "slowloris answered \(String(describing: status))")
        #expect(elapsed < 6.5, "slowloris answered after \(elapsed) s")
    }

    /// 50 MB announced is refused from the headers alone; 50 MB chunked once it passes 10 MB.
    static func oversizedBodies(_ serve: ServeProcess, head: String) throws {
        var start = Date()
        let announced = try #require(RawClient(port: serve.port))
        announced.send(head + "Content-Length: 52428800\r\n\r\n")
        announced.send([UInt8](repeating: 0x20, count: 1 << 20))
        #expect(announced.response()?.status == 413)
        #expect(seconds(start) < 3)
        start = Date()
        let chunked = try #require(RawClient(port: serve.port))
        chunked.send(head + "Transfer-Encoding: chunked\r\n\r\n")
        let chunk = Array("100000\r\n".utf8) + [UInt8](repeating: 0x20, count: 0x100000) + Array("\r\n".utf8)
        for _ in 0..<50 where chunked.send(chunk) {}
        #expect(chunked.response()?.status == 413)
        #expect(seconds(start) < 10)
    }

    /// 10,000 header lines, and a request line of 1 MB.
    static func oversizedHeads(_ serve: ServeProcess) throws {
        let headers = try #require(RawClient(port: serve.port))
        let many = String(repeating: "X-Many: header\r\n", count: 10_000)
        headers.send("GET /api/contracts HTTP/1.1\r\nHost: 127.0.0.1\r\n" + many + "\r\n")
        #expect(headers.response()?.status == 431)
        let long = try #require(RawClient(port: serve.port))
        long.send("GET /" + String(repeating: "a", count: 1 << 20) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(long.response()?.status == 414)
    }

    /// `count` connections open at once, each sending two requests on its connection.
    static func manyKeepAliveClients(_ serve: ServeProcess, token: String, count: Int) async throws {
        let clients = (0..<count).compactMap { _ in RawClient(port: serve.port) }
        #expect(clients.count == count)
        let request =
            "GET /api/contracts/CT001ABC HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n"
        let start = Date()
        for round in 0..<2 {
            for client in clients { client.send(request) }
            var answered = 0
            for client in clients {
                guard let answer = client.response() else { continue }
                if answer.status == 200, answer.headers["connection"] == "keep-alive" { answered += 1 }
            }
            #expect(answered == count, "round \(round): \(answered) of \(count) answered")
        }
        #expect(seconds(start) < 60, "\(count) keep-alive clients took \(seconds(start)) s")
    }
}
