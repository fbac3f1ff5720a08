import AWSClients
import Foundation
import LocalAWS
import Shared
import TestSupport
import Testing

/// A seeded sequence of table operations sent to the memory store, the file store and the AWS
/// client on moto, every answer compared. The stand-ins must agree exactly; moto may differ
/// only as a `KnownDivergence` says. Replay or extend a run with `TESTEX_DIFF_SEED` and
/// `TESTEX_DIFF_OPERATIONS` (a failure prints both).
@Suite("Differential: table stores against each other and moto")
struct TableDifferentialTests {
    @Test func everyStoreAnswersEveryOperationAlike() async throws {
        let settings = try DifferentialSettings.current()
        let tables = DifferentialTables(prefix: MotoServer.uniqueName("diff"))
        try await withTemporaryDirectory { root in
            var stores: [(String, any TableStore)] = [
                ("memory", MemoryTableStore()), ("file", FileTableStore(root: root)),
            ]
            if MotoServer.isAvailable {
                stores.append(
                    ("dynamodb", DynamoDBTableStore(configuration: try await MotoServer.configuration(.unchecked)))
                )
            }
            for (_, store) in stores { for table in tables.all { try await store.createTable(table) } }
            var generator = TableOperationGenerator(tables: tables, seed: settings.seed)
            var divergences: [KnownDivergence: Int] = [:]
            var durations = [Duration](repeating: .zero, count: stores.count)
            for number in 0..<settings.tableOperations {
                let operation = generator.next()
                var outcomes: [TableOutcome] = []
                for (index, (_, store)) in stores.enumerated() {
                    let start = ContinuousClock.now
                    outcomes.append(await TableRunner(store: store).run(operation))
                    durations[index] += ContinuousClock.now - start
                }
                let context = "operation \(number) of \(settings): \(operation)"
                try #require(
                    outcomes[1] == outcomes[0],
                    "the file store differs from the memory store at \(context):\n\(outcomes[0])\n\(outcomes[1])"
                )
                guard outcomes.count == 3, outcomes[2] != outcomes[0] else { continue }
                let matched = try await TableRunner(store: stores[0].1).matched(operation)
                try #require(
                    outcomes[2] == outcomes[0].pagedAsMoto(limit: operation.limit, matched: matched),
                    "moto differs at \(context):\nstand-ins: \(outcomes[0])\nmoto:      \(outcomes[2])"
                )
                divergences[.motoOmitsKeyAfterFullLastPage, default: 0] += 1
            }
            let timing = zip(stores, durations).map {
                "\($0.0) \($1.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))"
            }
            print(
                "table differential (\(settings)): \(settings.tableOperations) operations on "
                    + "\(timing.joined(separator: ", ")); known divergences: "
                    + (divergences.isEmpty
                        ? "none" : divergences.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
            )
        }
    }
}
