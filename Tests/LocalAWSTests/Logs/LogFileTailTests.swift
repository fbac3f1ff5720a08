import Foundation
import Testing

@testable import LocalAWS

@Suite("Reading the end of a log file")
struct LogFileTailTests {
    func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tail-\(UUID().uuidString).log")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test(arguments: [1, 2, 3, 10, 499, 500, 501, 2000])
    func theLastLinesAreTheFilesLastCompleteLinesAcrossBlocks(count: Int) throws {
        // Lines of varying length, some empty, spanning many 4 KB blocks.
        let lines = (0..<500).map { $0 % 7 == 0 ? "" : "line \($0) " + String(repeating: "x", count: ($0 * 37) % 300) }
        let url = try file(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try LogFileTail.lastLines(of: url, count: count) == Array(lines.suffix(count)))
    }

    @Test func aTornLastLineIsLeftOutAndAMissingFileReadsEmpty() throws {
        let url = try file("one\ntwo\nthree without newline")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try LogFileTail.lastLines(of: url, count: 1) == ["two"])
        #expect(try LogFileTail.lastLines(of: url, count: 5) == ["one", "two"])
        #expect(try LogFileTail.lastLines(of: url, count: 0) == [])
        #expect(try LogFileTail.lastLines(of: url.appendingPathExtension("none"), count: 3) == [])
        let empty = try file("")
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(try LogFileTail.lastLines(of: empty, count: 3) == [])
    }
}
