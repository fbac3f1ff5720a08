import Foundation

/// What a differential run draws: `TESTEX_DIFF_SEED` (any UInt64) replays a run, and
/// `TESTEX_DIFF_OPERATIONS` sets how many table operations it makes (the object run makes a
/// quarter as many, at least 500). The defaults are what `swift test` runs; a value that is not
/// such a number fails the run instead of quietly replaying the default.
struct DifferentialSettings: CustomStringConvertible {
    static let defaultSeed: UInt64 = 20_261_201
    static let defaultTableOperations = 2_000

    let seed: UInt64
    let tableOperations: Int
    let objectOperations: Int

    static func current() throws -> DifferentialSettings {
        try DifferentialSettings(environment: ProcessInfo.processInfo.environment)
    }

    init(environment: [String: String]) throws {
        seed =
            try Self.read("TESTEX_DIFF_SEED", environment, "an unsigned 64-bit integer") {
                UInt64($0)
            } ?? Self.defaultSeed
        tableOperations =
            try Self.read("TESTEX_DIFF_OPERATIONS", environment, "a positive integer") {
                Int($0).flatMap { $0 > 0 ? $0 : nil }
            } ?? Self.defaultTableOperations
        objectOperations = max(500, tableOperations / 4)
    }

    /// The variable's value parsed, nil when it is unset or empty.
    private static func read<Value>(
        _ variable: String,
        _ environment: [String: String],
        _ expected: String,
        _ parse: (String) -> Value?
    ) throws -> Value? {
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let value = parse(text) else { throw SettingError(description: "\(variable)=\(text) is not \(expected)") }
        return value
    }

    struct SettingError: Error, CustomStringConvertible {
        let description: String
    }

    /// How to replay a run, printed with every divergence.
    var description: String {
        "TESTEX_DIFF_SEED=\(seed) TESTEX_DIFF_OPERATIONS=\(tableOperations)"
    }
}
