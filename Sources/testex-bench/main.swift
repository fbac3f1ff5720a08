import Foundation
import LocalAWS
import Shared
import WireFormat

// testex-bench: the in-process figures of scripts/bench.sh, one JSON object per line.
// Usage: testex-bench [flow] [tables SIZES] [objects] [mail] [fsync]  (default: everything)
let arguments = Array(CommandLine.arguments.dropFirst())
let selected = Set(arguments.filter { !$0.contains(",") && Int($0) == nil })
func wants(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }
let sizes =
    arguments.first { $0.contains(",") || Int($0) != nil }.map { $0.split(separator: ",").compactMap { Int($0) } } ?? [
        1000, 10_000, 100_000,
    ]

func emit(_ figures: [Figure]) {
    for figure in figures { FileHandle.standardOutput.write(Data((JSON.string(figure) + "\n").utf8)) }
}

/// `populate STATE COUNT`: adds COUNT contracts to an initialized state, through the real write path.
if arguments.first == "populate", arguments.count == 3, let count = Int(arguments[2]) {
    let store: any TableStore = FileTableStore(
        root: URL(fileURLWithPath: arguments[1]).appendingPathComponent("dynamodb")
    )
    let table = Tables.contracts.physical(in: Configuration()).name
    for index in 0..<count {
        try await store.putItem(
            table: table,
            item: TableBenchmark.item(index, client: "CL\(String(format: "%06d", index % 997))")
        )
    }
    exit(0)
}

/// `populate-active STATE COUNT`: adds COUNT ACTIVE contracts of the sample client CL001XYZ
/// (ids `CT` + 6 digits), a campaign's material, through the real write path.
if arguments.first == "populate-active", arguments.count == 3, let count = Int(arguments[2]) {
    let store: any TableStore = FileTableStore(
        root: URL(fileURLWithPath: arguments[1]).appendingPathComponent("dynamodb")
    )
    let table = Tables.contracts.physical(in: Configuration()).name
    for index in 0..<count {
        var item = TableBenchmark.item(index, client: "CL001XYZ")
        item["status"] = "ACTIVE"
        try await store.putItem(table: table, item: item)
    }
    exit(0)
}

/// `invoke STATE EVENT RUNS NAME`: see InvokeBenchmark.
if arguments.first == "invoke", arguments.count == 5, let runs = Int(arguments[3]) {
    emit([try await InvokeBenchmark.run(state: arguments[1], event: arguments[2], runs: runs, name: arguments[4])])
    exit(0)
}

do {
    if wants("fsync") {
        emit([Figure("fsync-write", unit: "ms", samples: try await FsyncBenchmark.samples(runs: 200))])
    }
    if selected == ["profile-flow"] || selected == ["profile-durable-flow"] {
        emit(try await FlowBenchmark.run(durable: selected == ["profile-durable-flow"], flows: 200, runs: 1))
        exit(0)
    }
    if wants("flow") {
        emit(try await FlowBenchmark.run(durable: false, flows: 500, runs: 5))
        emit(try await FlowBenchmark.run(durable: true, flows: 20, runs: 5))
    }
    if wants("mail") { emit(try await ObjectBenchmark.mail(sends: 200, runs: 5)) }
    if wants("objects") { emit(try await ObjectBenchmark.run(objects: 10_000, runs: 5)) }
    if wants("tables") {
        for size in sizes { emit(try await TableBenchmark.run(size: size, runs: 20)) }
    }
} catch {
    FileHandle.standardError.write(Data("testex-bench: \(error)\n".utf8))
    exit(1)
}
