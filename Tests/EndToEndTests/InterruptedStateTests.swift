import Foundation
import Testing

/// States left by commands that were stopped half-way (the crash test's findings, kept as tests).
@Suite("States left by interrupted commands")
struct InterruptedStateTests {
    @Test func resetEmptiesAStateWhoseInitializationStoppedBeforeItsMarker() async throws {
        let harness = Harness()
        defer { harness.remove() }
        let table = harness.state.appendingPathComponent("dynamodb/development-testex-contracts/items")
        try FileManager.default.createDirectory(at: table, withIntermediateDirectories: true)
        try Data().write(to: harness.state.appendingPathComponent(".tmp-99999999-1"))
        // What an initialization writes before its marker: the signing keys (under the root's
        // lock) and the queue's folders.
        try Data().write(to: harness.state.appendingPathComponent(".lock"))
        try Data("{}".utf8).write(to: harness.state.appendingPathComponent("signing-keys.json"))
        try FileManager.default.createDirectory(
            at: harness.state.appendingPathComponent("queue/pending"),
            withIntermediateDirectories: true
        )

        let reset = await harness.run("reset")
        #expect(reset.code == 0, "\(reset.stderr)")
        #expect(FileManager.default.fileExists(atPath: harness.state.appendingPathComponent("testex-state.json").path))
        #expect(await harness.run("doctor").code == 0)
    }

    @Test func doctorRemovesTheTemporaryFileOfAKilledEnqueue() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let pending = harness.state.appendingPathComponent("queue/pending")
        try FileManager.default.createDirectory(at: pending, withIntermediateDirectories: true)
        let leftover = pending.appendingPathComponent(".tmp-99999999-7")
        try Data("{\"half\":".utf8).write(to: leftover)

        let check = await harness.run("doctor")
        #expect(check.code == 1)
        #expect(check.stdout.contains("queue/pending/.tmp-99999999-7"))
        #expect(await harness.run("doctor", "--repair").code == 0)
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
    }

    @Test func resetStillRefusesADirectoryThatHoldsSomethingElse() async throws {
        let harness = Harness()
        defer { harness.remove() }
        try FileManager.default.createDirectory(
            at: harness.state.appendingPathComponent("dynamodb"),
            withIntermediateDirectories: true
        )
        let notes = harness.state.appendingPathComponent("notes.txt")
        try Data("mine".utf8).write(to: notes)

        let reset = await harness.run("reset")
        #expect(reset.code == 2)
        #expect(reset.stderr.contains("not a testex-local state directory"))
        #expect(FileManager.default.fileExists(atPath: notes.path))
    }
}
