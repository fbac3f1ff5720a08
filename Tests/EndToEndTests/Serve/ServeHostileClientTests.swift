import Foundation
import TestSupport
import Testing

/// Clients that misbehave on purpose: each is answered or dropped within a bound, `serve` stays
/// up and answers the next request, its memory stays bounded, and nothing is written. Every
/// client runs on a thread of its own, so the times measured are the server's.
@Suite("serve and hostile clients", .serialized)
struct ServeHostileClientTests {
    /// What a client saw: the status of the answer (nil: none) and how long it took.
    struct Seen: Sendable, CustomStringConvertible {
        let status: Int?
        let seconds: Double
        var description: String { "\(status.map(String.init) ?? "no answer") after \(seconds) s" }
    }

    static func timed(_ work: () -> Int?) -> Seen {
        let start = Date()
        let status = work()
        return Seen(status: status, seconds: Date().timeIntervalSince(start))
    }

    @Test func everyHostileClientIsAnsweredOrDroppedWithinItsBoundAndNothingIsWritten() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let serve = try await ServeProcess.start(harness, arguments: ["--header-timeout", "2", "--quiet"])
        defer { serve.stop() }
        let token = await harness.run("token", "--as", "admin").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let before = harness.snapshot()
        let port = serve.port
        let head =
            "POST /api/clients HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/json\r\n"

        let slow = await onThread { Self.slowloris(port) }
        #expect(slow.status == 408 && slow.seconds < 6.5, "slowloris: \(slow)")
        let (announced, chunked) = await onThread { Self.oversizedBodies(port, head: head) }
        #expect(announced.status == 413 && announced.seconds < 3, "50 MB announced: \(announced)")
        #expect(chunked.status == 413 && chunked.seconds < 10, "50 MB chunked: \(chunked)")
        let (headers, line) = await onThread { Self.oversizedHeads(port) }
        #expect(headers.status == 431 && headers.seconds < 3, "10,000 header lines: \(headers)")
        #expect(line.status == 414 && line.seconds < 3, "a 1 MB request line: \(line)")
        await onThread { Self.quitMidBody(port, head: head) }
        let nameless = try await Curl.run([
            serve.base + "/api/contracts?=&&=x&limit=1",
            "-H", "Authorization: Bearer \(token)",
        ])
        #expect(nameless.status == 200, "query pairs without a name are dropped")
        let rounds = await onThread { Self.manyKeepAliveClients(port, token: token, count: 200) }
        for (round, seen) in rounds.enumerated() {
            #expect(seen.status == 200 && seen.seconds < 60, "round \(round) of 200 keep-alive clients: \(seen)")
        }

        let peak = try #require(serve.peakMemoryMB)
        #expect(peak < 128, "serve peaked at \(peak) MB")
        let after = try await Curl.run([serve.base + "/api/contracts/CT001ABC", "-H", "Authorization: Bearer \(token)"])
        #expect(after.status == 200, "serve still answers")
        #expect(harness.snapshot() == before, "a refused request wrote something")
        #expect(serve.stop() == 0)
    }

    /// A header line every half second never completes the head: 408 once the bound has passed.
    static func slowloris(_ port: UInt16) -> Seen {
        guard let slow = RawClient(port: port) else { return Seen(status: nil, seconds: 0) }
        let start = Date()
        slow.send("GET /api/contracts HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        Thread.detachNewThread {
            for index in 0..<12 {
                guard slow.send("X-Slow-\(index): y\r\n") else { return }
                usleep(500_000)
            }
        }
        let status = slow.response()?.status
        return Seen(status: status, seconds: Date().timeIntervalSince(start))
    }

    /// 50 MB announced is refused from the headers alone; 50 MB chunked once it passes 10 MB.
    static func oversizedBodies(_ port: UInt16, head: String) -> (Seen, Seen) {
        let announced = timed {
            guard let client = RawClient(port: port) else { return nil }
            client.send(head + "Content-Length: 52428800\r\n\r\n")
            client.send([UInt8](repeating: 0x20, count: 1 << 20))
            return client.response()?.status
        }
        let chunked = timed {
            guard let client = RawClient(port: port) else { return nil }
            client.send(head + "Transfer-Encoding: chunked\r\n\r\n")
            let chunk = Array("100000\r\n".utf8) + [UInt8](repeating: 0x20, count: 0x100000) + Array("\r\n".utf8)
            for _ in 0..<50 where client.send(chunk) {}
            return client.response()?.status
        }
        return (announced, chunked)
    }

    /// 10,000 header lines, and a request line of 1 MB.
    static func oversizedHeads(_ port: UInt16) -> (Seen, Seen) {
        let headers = timed {
            guard let client = RawClient(port: port) else { return nil }
            let many = String(repeating: "X-Many: header\r\n", count: 10_000)
            client.send("GET /api/contracts HTTP/1.1\r\nHost: 127.0.0.1\r\n" + many + "\r\n")
            return client.response()?.status
        }
        let line = timed {
            guard let client = RawClient(port: port) else { return nil }
            client.send("GET /" + String(repeating: "a", count: 1 << 20) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            return client.response()?.status
        }
        return (headers, line)
    }

    /// Clients that close mid-body: their requests never run.
    static func quitMidBody(_ port: UInt16, head: String) {
        for _ in 0..<5 {
            let quitter = RawClient(port: port)
            quitter?.send(head + "Content-Length: 200\r\n\r\n" + #"{"name":"Half Written","email":"half@"#)
        }
    }

    /// `count` connections open at once, each sending two requests on its connection: per
    /// round, 200 when every connection got 200 with keep-alive, and how long the round took.
    static func manyKeepAliveClients(_ port: UInt16, token: String, count: Int) -> [Seen] {
        let clients = (0..<count).compactMap { _ in RawClient(port: port) }
        let request =
            "GET /api/contracts/CT001ABC HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n"
        return (0..<2).map { _ in
            timed {
                for client in clients { client.send(request) }
                let answered = clients.filter { client in
                    guard let answer = client.response() else { return false }
                    return answer.status == 200 && answer.headers["connection"] == "keep-alive"
                }.count
                return clients.count == count && answered == count ? 200 : answered
            }
        }
    }
}
