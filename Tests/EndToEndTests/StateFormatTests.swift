import Foundation
import LocalHarness
import Testing

/// States this build did not write, or cannot write: one written by a newer `testex-local`, and
/// one on a read-only file system.
@Suite("State formats and read-only states")
struct StateFormatTests {
    @Test(arguments: [
        ["db", "scan", "contracts"], ["api", "GET", "/api/contracts/CT001ABC", "--as", "admin"],
        ["init"], ["doctor", "--repair"], ["reset"], ["outbox", "list"],
    ])
    func aStateOfANewerFormatIsRefusedAndLeftAsItIs(_ words: [String]) async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let marker = harness.state.appendingPathComponent("testex-state.json")
        var fields = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: marker)) as? [String: Any])
        fields["format"] = 99
        fields["feature_of_format_99"] = ["kept": true]
        try JSONSerialization.data(withJSONObject: fields).write(to: marker)
        let before = harness.snapshot()

        let result = await harness.run(words)
        #expect(result.code == 2, "\(words): \(result.stderr)")
        #expect(
            result.stderr.contains("format 99") && result.stderr.contains("format \(StateDirectory.format) only"),
            "\(result.stderr)"
        )
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(harness.snapshot() == before, "\(words) wrote to a newer state")
    }

    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func aReadOnlyStateCanBeReadAndChecked() async throws {
        let seeded = try await Harness.seeded()
        defer { seeded.remove() }
        let mount = FileManager.default.temporaryDirectory.appendingPathComponent("testex-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        let mountCommand = URL(fileURLWithPath: "/bin/mount")
        let tmpfs = ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.path]
        let mounted = try await WriteFailureTests.run(mountCommand, tmpfs, [:])
        try #require(mounted.code == 0, "mount failed: \(mounted.stderr)")
        do {
            try await Self.checkReads(seeded, copiedTo: mount.appendingPathComponent("state"), remounting: mount)
        } catch {
            await Self.unmount(mount)
            throw error
        }
        await Self.unmount(mount)
    }

    private static func unmount(_ mount: URL) async {
        _ = try? await WriteFailureTests.run(URL(fileURLWithPath: "/bin/umount"), [mount.path], [:])
        try? FileManager.default.removeItem(at: mount)
    }

    /// Copies the seeded state into the mount, makes the mount read-only, and reads the state.
    private static func checkReads(_ seeded: Harness, copiedTo state: URL, remounting mount: URL) async throws {
        try FileManager.default.copyItem(at: seeded.state, to: state)
        let remounted = try await WriteFailureTests.run(
            URL(fileURLWithPath: "/bin/mount"),
            ["-o", "remount,ro", mount.path],
            [:]
        )
        try #require(remounted.code == 0, "remount failed: \(remounted.stderr)")

        var harness = seeded
        harness.environment["TESTEX_STATE_DIR"] = state.path
        let reads = [
            ["db", "scan", "contracts"], ["db", "get", "contracts", "CT001ABC"],
            ["s3", "ls", "--recursive", "s3://development-testex-files"], ["outbox", "list"],
            ["logs", "ContractProcessor", "--tail", "2"], ["stream", "list"], ["queue", "list"], ["doctor"],
        ]
        for words in reads {
            let result = await harness.run(words)
            #expect(result.code == 0, "\(words): \(result.stderr)")
        }
        let read = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "admin")
        #expect(read.code == 0 && read.stdout.contains("CT001ABC"), "\(read.stderr)")
    }
}
