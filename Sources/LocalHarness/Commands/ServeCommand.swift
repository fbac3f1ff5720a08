import Foundation
import Shared

/// `serve [--port N] [--v2] [--max-connections N] [--header-timeout S] [--quiet]`: the API over HTTP/1.1 on
/// 127.0.0.1, for browsers, curl and generated clients, as `sam local start-api` serves one.
/// Each request becomes the proxy event `api` builds and passes the same local authorizer;
/// presigned links are made for this address and served here. Runs until SIGINT or SIGTERM.
enum ServeCommand {
    static let defaultPort: UInt16 = 3000

    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let portText = try context.arguments.option("--port")
        let connectionsText = try context.arguments.option("--max-connections")
        let timeoutText = try context.arguments.option("--header-timeout")
        let v2 = context.arguments.flag("--v2")
        let quiet = context.arguments.flag("--quiet")
        try context.arguments.finish()
        guard let port = portText.map({ UInt16($0) }) ?? defaultPort else {
            throw UsageError("--port needs a port number from 0 to 65535")
        }
        var limits = HTTPLimits()
        if let connectionsText {
            guard let connections = Int(connectionsText), (1...4096).contains(connections) else {
                throw UsageError("--max-connections needs a number from 1 to 4096")
            }
            limits.connections = connections
        }
        if let timeoutText {
            guard let seconds = Int(timeoutText), (1...3600).contains(seconds) else {
                throw UsageError("--header-timeout needs seconds from 1 to 3600")
            }
            limits.headTimeout = .seconds(seconds)
        }
        let stop = try StopSignal()
        let server: HTTPServer
        do {
            server = try HTTPServer(port: port, limits: limits, stop: stop)
        } catch {
            throw UsageError("cannot listen on 127.0.0.1:\(port) (\(error)); choose another port with --port")
        }
        let address = "http://127.0.0.1:\(server.port)"
        context.linkEndpoint = address
        let system = try await context.openSystem(runsFunctions: true)
        if !context.console.isCapturing { stop.onSignals() }
        let events = v2 ? "HTTP API (v2) events" : "REST API (v1) events"
        let stateName = context.memory ? "in memory" : context.state.root.path
        context.console.out("testex-local serve: listening on \(address) (\(events), state \(stateName)); Ctrl-C stops")
        let responder = ServeResponder(system: system, context: context, v2: v2, quiet: quiet)
        await server.run { request in await responder.respond(request) }
        context.console.err("testex-local serve: stopped")
        return TestexLocal.Exit.success
    }
}
