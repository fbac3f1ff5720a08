import Foundation

/// What a differential run draws: `TESTEX_DIFF_SEED` (any UInt64) replays a run, and
/// `TESTEX_DIFF_OPERATIONS` sets how many table operations it makes (the object run makes a
/// quarter as many, at least 500). The defaults are what `swift test` runs.
struct DifferentialSettings: CustomStringConvertible {
    static let defaultSeed: UInt64 = 20_261_201
    static let defaultTableOperations = 2_000

    let seed: UInt64
    let tableOperations: Int
    let objectOperations: Int

    static let current = DifferentialSettings(environment: ProcessInfo.processInfo.environment)

    init(environment: [String: String]) {
        seed = environment["TESTEX_DIFF_SEED"].flatMap(UInt64.init) ?? Self.defaultSeed
        tableOperations =
            environment["TESTEX_DIFF_OPERATIONS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
            ?? Self.defaultTableOperations
        objectOperations = max(500, tableOperations / 4)
    }

    /// How to replay a run, printed with every divergence.
    var description: String {
        "TESTEX_DIFF_SEED=\(seed) TESTEX_DIFF_OPERATIONS=\(tableOperations)"
    }
}
