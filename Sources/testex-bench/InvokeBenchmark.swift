import Foundation
import LocalHarness
import Shared

/// `invoke STATE EVENT RUNS NAME`: one API Gateway event invoked again and again in this one
/// long-running process on a state directory, through the local authorizer and ApiGateway,
/// with the queue drained after each as after a command: what a request through `serve` costs
/// without HTTP. scripts/bench.py times the same request through `serve` beside it.
enum InvokeBenchmark {
    static func run(state: String, event: String, runs: Int, name: String) async throws -> Figure {
        let directory = StateDirectory(root: URL(fileURLWithPath: state))
        let system = LocalSystem.open(
            state: directory,
            configuration: try Configuration(variables: ProcessInfo.processInfo.environment),
            clock: .live,
            keys: try directory.signingKeys()
        )
        let payload = try Data(contentsOf: URL(fileURLWithPath: event))
        for _ in 0..<10 { _ = try await once(system, payload) }
        let samples = try await Measure.milliseconds(runs: runs) { _ = try await once(system, payload) }
        return Figure(
            "serve.invoke.\(name)",
            unit: "ms",
            samples: samples,
            note: "the same request as serve.http.\(name), invoked in process"
        )
    }

    private static func once(_ system: LocalSystem, _ payload: Data) async throws -> Data {
        let answer = try await system.invoke(.apiGateway, payload: payload)
        _ = try await system.drain()
        return answer
    }
}
