import Foundation
import Testing

@testable import LocalHarness

/// Starting and stopping: a stop lets the request in flight finish and answers it, SIGINT and
/// SIGTERM stop the process cleanly, and a port in use or a bad option is a usage error.
@Suite("serve starts and stops", .serialized)
struct ServeLifecycleTests {
    /// A responder that holds its request until told to answer.
    actor Gate {
        private var entered: CheckedContinuation<Void, Never>?
        private var release: CheckedContinuation<Void, Never>?
        private var hasEntered = false

        func enter() async {
            hasEntered = true
            entered?.resume()
            await withCheckedContinuation { release = $0 }
        }

        func waitUntilEntered() async {
            if hasEntered { return }
            await withCheckedContinuation { entered = $0 }
        }

        func open() { release?.resume() }
    }

    @Test func aStopDuringARequestFinishesItAndAnswersIt() async throws {
        let stop = try StopSignal()
        let server = try HTTPServer(port: 0, stop: stop)
        let gate = Gate()
        let port = server.port
        let serving = Task {
            await server.run { request in
                await gate.enter()
                return HTTPServerResponse(
                    status: 200,
                    headers: [("Content-Type", "text/plain")],
                    body: Data("finished \(request.target)".utf8)
                )
            }
        }
        // Generous: the server shares this process's few threads with every test running beside it.
        let client = try #require(RawClient(port: port, timeout: 120))
        let answer = Task {
            await onThread { () -> (Int, String, String?)? in
                client.send("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                return client.response().map {
                    ($0.status, String(decoding: $0.body, as: UTF8.self), $0.headers["connection"])
                }
            }
        }
        await gate.waitUntilEntered()
        stop.trigger()
        try await Task.sleep(for: .milliseconds(200))
        await gate.open()
        let received = await answer.value
        #expect(received?.0 == 200 && received?.1 == "finished /slow")
        #expect(received?.2 == "close", "the answer says the connection closes")
        await serving.value
        #expect(RawClient(port: port) == nil, "the server no longer listens")
    }

    @Test(arguments: ["SIGTERM", "SIGINT"])
    func aSignalStopsServeCleanlyWithAClientConnected(_ name: String) async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let serve = try await ServeProcess.start(harness)
        let client = try #require(RawClient(port: serve.port))
        let status = await onThread {
            client.send("GET /api/contracts HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            return client.response()?.status
        }
        #expect(status == 401)
        kill(serve.process.processIdentifier, name == "SIGTERM" ? SIGTERM : SIGINT)
        let exit = await onThread { serve.exitStatus(within: 5) }
        #expect(exit == 0, "\(serve.stderr)")
        #expect(await onThread { client.isClosedByServer() })
        #expect(serve.stderr.contains("GET /api/contracts 401"))
        #expect(serve.stderr.contains("testex-local serve: stopped"))
    }

    @Test func aPortInUseAndBadOptionsAreUsageErrors() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let serve = try await ServeProcess.start(harness)
        defer { serve.stop() }
        let taken = await harness.run("serve", "--port", String(serve.port))
        #expect(taken.code == 2 && taken.stderr.contains("cannot listen on 127.0.0.1:\(serve.port)"), "\(taken.stderr)")
        for words in [
            ["serve", "--port", "70000"], ["serve", "--port", "x"], ["serve", "--max-connections", "0"],
            ["serve", "--header-timeout", "0"], ["serve", "extra"],
        ] {
            let result = await harness.run(words)
            #expect(result.code == 2, "\(words): \(result.stderr)")
        }
    }
}
