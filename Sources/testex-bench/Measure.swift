import Foundation
import Shared

/// One benchmark figure: the median of several runs with their min and max.
struct Figure: Encodable {
    let name: String
    let unit: String
    let median: Double
    let min: Double
    let max: Double
    let runs: Int
    var note: String?

    init(_ name: String, unit: String, samples: [Double], note: String? = nil) {
        let sorted = samples.sorted()
        self.name = name
        self.unit = unit
        self.median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        self.min = sorted.first ?? 0
        self.max = sorted.last ?? 0
        self.runs = sorted.count
        self.note = note
    }
}

enum Measure {
    /// Milliseconds one call of `body` takes, once per run.
    static func milliseconds(runs: Int, _ body: () async throws -> Void) async throws -> [Double] {
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try await body()
            samples.append(start.duration(to: .now).milliseconds)
        }
        return samples
    }

    /// Operations per second of `count` calls, once per run.
    static func rate(runs: Int, count: Int, _ body: (Int) async throws -> Void) async throws -> [Double] {
        var samples: [Double] = []
        var offset = 0
        for _ in 0..<runs {
            let start = ContinuousClock.now
            for index in 0..<count { try await body(offset + index) }
            offset += count
            samples.append(Double(count) / (start.duration(to: .now).milliseconds / 1000))
        }
        return samples
    }

    static func temporaryDirectory(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "testex-bench-\(name)-\(UUID().uuidString)"
        )
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
