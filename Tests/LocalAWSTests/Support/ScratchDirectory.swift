import Foundation

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct ScratchDirectory: Sendable {
    let url: URL

    init(_ label: String = "testex") {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Every regular file below the directory, as paths relative to it, sorted.
    func files() -> [String] {
        let base = url.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                found.append(relative)
            }
        }
        return found.sorted()
    }
}

/// A clock fixed at one instant, as `TESTEX_NOW` fixes it.
let referenceDate = Date(timeIntervalSince1970: 1_795_000_000.123)
let referenceClock: @Sendable () -> Date = { referenceDate }
