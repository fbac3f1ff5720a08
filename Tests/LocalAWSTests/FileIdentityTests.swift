import Foundation
import Testing

@testable import LocalAWS

/// A file's identity is its device, inode and birth time: an inode number a deleted file freed
/// can be given to the next file made (a state reset under a running reader), and only the birth
/// time then tells the new segment from the old one.
@Suite("FileIdentity")
struct FileIdentityTests {
    @Test func aFileIdentityCarriesItsBirthTimeAndTheSameInodeBornLaterIsAnotherFile() throws {
        let scratch = ScratchDirectory("testex-identity")
        defer { scratch.remove() }
        let path = scratch.url.appendingPathComponent("segment.jsonl").path
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let identity = try FileCalls.identity(fd, path: path)
        #if os(Linux)
        #expect(identity.born > 0, "statx gives the birth time on this file system")
        #endif
        var reborn = identity
        reborn.born += 1
        #expect(identity.isSameFile(as: identity))
        #expect(!identity.isSameFile(as: reborn))
    }
}
