import Foundation
import LocalAWS
import LocalHarness
import Shared
import WireFormat

/// The termination flow in process: each flow terminates a contract that has one document, so it
/// makes the AWS calls of the original system's flow (reads, the transaction of the change and
/// its audit entry, backup, archive copy and delete, notice, notification log), then delivers the
/// change's stream record, whose consumer runs the closing steps.
enum FlowBenchmark {
    static let caller = Caller(subject: "bench", role: .admin)

    static func run(durable: Bool, flows: Int, runs: Int) async throws -> [Figure] {
        let clock = Clock.constant(Timestamp.parse("2026-11-22T10:00:00Z")!)
        let root = Measure.temporaryDirectory("flow")
        defer { try? FileManager.default.removeItem(at: root) }
        let system =
            durable
            ? LocalSystem.open(
                state: StateDirectory(root: root),
                configuration: Configuration(logLevel: .warning),
                clock: clock
            )
            : LocalSystem.memory(configuration: Configuration(logLevel: .warning), clock: clock)
        try await system.initialize()
        _ = try await SampleData.seed(system)
        var ids: [String] = []
        for _ in 0..<(flows * runs) { ids.append(try await prepareContract(system)) }

        let syncsBefore = DurableFile.syncCalls
        let samples = try await Measure.rate(runs: runs, count: flows) { index in
            let request = ContractRequest(
                action: .terminateContract,
                caller: caller,
                contractId: ids[index],
                fields: ["reason": "MUTUAL_AGREEMENT", "notes": "benchmark run"]
            )
            _ = try await system.invoke(.contractProcessor, payload: try JSON.encode(request))
            // Backup, archive and notice follow from the stream record; a flow is done when they ran.
            _ = try await system.drain()
        }
        let syncsPerFlow = Double(DurableFile.syncCalls - syncsBefore) / Double(flows * runs)
        let mode = durable ? "durable" : "memory"
        var figures = [
            Figure("flow.\(mode).throughput", unit: "flows/s", samples: samples),
            Figure("flow.\(mode).latency", unit: "ms", samples: samples.map { 1000 / $0 }),
        ]
        if durable { figures += try await durableFigures(samples: samples, syncsPerFlow: syncsPerFlow) }
        return figures
    }

    /// The durable flow's sync calls, and its latency in fsync'd writes measured now.
    static func durableFigures(samples: [Double], syncsPerFlow: Double) async throws -> [Figure] {
        let fsync = Figure("fsync-write", unit: "ms", samples: try await FsyncBenchmark.samples(runs: 200))
        return [
            Figure("flow.durable.sync-calls", unit: "calls/flow", samples: [syncsPerFlow]),
            Figure(
                "flow.durable.vs-fsync-write",
                unit: "x",
                samples: samples.map { (1000 / $0) / fsync.median },
                note: "flow latency / one fsync'd write-and-rename (two fsyncs)"
            ),
        ]
    }

    /// A new ACTIVE contract with one document, made outside the timed part.
    static func prepareContract(_ system: LocalSystem) async throws -> String {
        let create = ContractRequest(
            action: .createContract,
            caller: caller,
            fields: [
                "client_id": "CL001XYZ", "contract_type": "SERVICE", "start_date": "2026-01-01",
                "end_date": "2027-12-31", "value": 1000,
            ]
        )
        let contract = try JSON.decode(
            Contract.self,
            from: try await system.invoke(.contractProcessor, payload: try JSON.encode(create))
        )
        let upload = FileRequest(
            action: .upload,
            caller: caller,
            contractId: contract.contractId,
            filename: "contract.pdf",
            contentType: "application/pdf",
            contentBase64: Data(repeating: 0x25, count: 2048).base64EncodedString()
        )
        _ = try await system.invoke(.fileHandler, payload: try JSON.encode(upload))
        return contract.contractId
    }
}

/// The physical reference: one fsync'd write-and-rename of a 500-byte file.
enum FsyncBenchmark {
    static func samples(runs: Int) async throws -> [Double] {
        let root = Measure.temporaryDirectory("fsync")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = Data(repeating: 0x41, count: 500)
        var index = 0
        return try await Measure.milliseconds(runs: runs) {
            index += 1
            try DurableFile.write(data, to: root.appendingPathComponent("item-\(index % 50).json"))
        }
    }
}
