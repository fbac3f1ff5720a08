import ApiGateway
import Foundation
import Shared
import WireFormat

/// `openapi [--json]`: the API's OpenAPI 3.1 document, generated from the route declarations
/// (`infrastructure/openapi.yaml` is this output). Touches no state.
enum OpenAPICommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let json = context.arguments.flag("--json")
        try context.arguments.finish()
        if json {
            context.console.out(JSON.string(OpenAPIDocument.json(), pretty: true))
        } else {
            context.console.out(OpenAPIDocument.yaml())
        }
        return TestexLocal.Exit.success
    }
}
