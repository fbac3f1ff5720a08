import AWSClients
import Foundation
import Shared

/// The `bootstrap` of a `provided.al2023` function: wires the function named by the environment
/// and serves the Runtime API; an initialization failure is reported to `/runtime/init/error`.
public enum LambdaBootstrap {
    /// Runs until the Runtime API fails; returns the process exit code.
    public static func run(
        environment: [String: String],
        transport: any HTTPTransport = SocketHTTPTransport(),
        output: @escaping @Sendable (String) -> Void = RuntimeLoop.standardOutput
    ) async -> Int32 {
        guard let api = environment["AWS_LAMBDA_RUNTIME_API"], !api.isEmpty else {
            FileHandle.standardError.write(
                Data("testex-lambda: AWS_LAMBDA_RUNTIME_API is not set; this binary runs inside Lambda\n".utf8)
            )
            return 1
        }
        let client = RuntimeAPIClient(api: api, log: output)
        let loop: RuntimeLoop
        do {
            let function = try LambdaFunctions.function(environment: environment)
            let services = try LambdaFunctions.services(environment: environment, transport: transport)
            loop = RuntimeLoop(
                client: client,
                function: function,
                handler: LambdaFunctions.handler(for: function, services: services),
                configuration: services.configuration,
                deployedName: environment["AWS_LAMBDA_FUNCTION_NAME"],
                environment: environment,
                output: output
            )
        } catch {
            let failure = FunctionError(errorType: "Runtime.InitError", errorMessage: "\(error)")
            output("testex-lambda: initialization failed: \(failure.errorMessage)")
            try? await client.failInitialization(with: failure)
            return 1
        }
        do {
            try await loop.run()
            return 0
        } catch {
            output("testex-lambda: \(error)")
            return 1
        }
    }
}
