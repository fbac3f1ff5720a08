import Foundation
import Shared

/// `token --as <role>[:<client_id>]`: a bearer token signed with this state's key, valid for an
/// hour, for local work (`curl`-style clients, `api --token`, event files with a header).
enum TokenCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let identity = try context.arguments.option("--as") ?? ""
        try context.arguments.finish()
        let caller: Caller
        switch identity {
        case "admin", "system":
            caller = try APIEventBuilder.caller(for: identity)!
        case let value where value.hasPrefix("client:"):
            caller = try APIEventBuilder.caller(for: value)!
        default:
            throw UsageError("token needs --as admin, --as system or --as client:<client_id>")
        }
        let system = try await context.openSystem()
        context.console.out(system.token(for: caller))
        return TestexLocal.Exit.success
    }
}
