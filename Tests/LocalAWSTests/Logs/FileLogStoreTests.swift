import Foundation
import Shared
import Testing

@testable import LocalAWS

@Suite("FileLogStore on disk")
struct FileLogStoreTests {
    @Test func eachStreamIsAnAppendOnlyTextFileUnderItsGroup() async throws {
        let scratch = ScratchDirectory("testex-logs-file")
        defer { scratch.remove() }
        let store = FileLogStore(root: scratch.url)
        try await store.append(group: apiGatewayGroup, stream: lambdaStream, lines: ["one", "two"])
        let path =
            "%2Faws%2Flambda%2Fdevelopment-testex-api-gateway/2026%2F11%2F18%2F[$LATEST]0123456789abcdef0123456789abcdef.log"
        #expect(scratch.files() == ["%2Faws%2Flambda%2Fdevelopment-testex-api-gateway/.lock", path])
        #expect(try String(contentsOf: scratch.url.appendingPathComponent(path), encoding: .utf8) == "one\ntwo\n")
    }

    @Test func aTornFinalLineIsIgnoredAndCutByTheNextAppend() async throws {
        let scratch = ScratchDirectory("testex-logs-torn")
        defer { scratch.remove() }
        let store = FileLogStore(root: scratch.url)
        try await store.append(group: "g", stream: "s", lines: ["complete"])
        let file = scratch.url.appendingPathComponent("g/s.log")
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("half a li".utf8))
        try handle.close()
        #expect(try await store.read(group: "g", stream: "s").map(\.line) == ["complete"])
        try await store.append(group: "g", stream: "s", lines: ["next"])
        #expect(try String(contentsOf: file, encoding: .utf8) == "complete\nnext\n")
    }

    @Test func aSecondStoreOnTheSameRootSeesGroupsAndStreams() async throws {
        let scratch = ScratchDirectory("testex-logs-reopen")
        defer { scratch.remove() }
        try await FileLogStore(root: scratch.url).append(group: apiGatewayGroup, stream: lambdaStream, lines: ["x"])
        let reopened = FileLogStore(root: scratch.url)
        #expect(try await reopened.groups() == [apiGatewayGroup])
        #expect(try await reopened.streams(group: apiGatewayGroup) == [lambdaStream])
    }

    @Test func pathLikeGroupAndStreamNamesStayInsideTheRoot() async throws {
        let scratch = ScratchDirectory("testex-logs-escape")
        defer { scratch.remove() }
        let store = FileLogStore(root: scratch.url.appendingPathComponent("logs"))
        try await store.append(group: "../../etc", stream: "../passwd", lines: ["x"])
        try await store.append(group: "..", stream: ".", lines: ["y"])
        #expect(scratch.files().allSatisfy { $0.hasPrefix("logs/%2E.") })
        #expect(try await store.groups() == ["..", "../../etc"])
        #expect(try await store.read(group: "../../etc", stream: "../passwd").map(\.line) == ["x"])
    }
}
