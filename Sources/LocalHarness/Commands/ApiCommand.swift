import Foundation
import Shared
import WireFormat

/// `api METHOD PATH ...`: one request through ApiGateway, as API Gateway would deliver it.
enum ApiCommand {
    /// `--as` mints a real token with the state's key and sends it as `Authorization: Bearer`, so
    /// every request passes the same verification a signed-in client's does.
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        var (builder, v2, identity) = try APIEventBuilder.parse(context)
        let system = try await context.openSystem(runsFunctions: true)
        switch identity {
        case .anonymous: break
        case .caller(let caller): builder = builder.authorized(with: system.token(for: caller))
        case .token(let token): builder = builder.authorized(with: token)
        }
        return await send(v2 ? builder.httpEvent() : builder.restEvent(), system: system, console: context.console)
    }

    /// Prints `HTTP <status>` on stderr and the body on stdout; the exit code follows the status.
    static func send(_ event: JSONValue, system: LocalSystem, console: Console) async -> Int32 {
        let response: APIResponseView
        do {
            let data = try await system.invoke(.apiGateway, payload: try JSON.encode(event))
            response = try JSON.decode(APIResponseView.self, from: data)
        } catch {
            // An event larger than Lambda takes never reaches the function: API Gateway answers 413.
            let refusal = HTTPRefusal.integrationFailure(error, requestID: "-")
            guard refusal.status == 413 else {
                console.out(JSON.string(FunctionError(error), pretty: true))
                console.err("testex-local: ApiGateway raised \(FunctionError(error).errorType)")
                return TestexLocal.Exit.handlerError
            }
            response = APIResponseView(statusCode: 413, body: String(decoding: refusal.response.body, as: UTF8.self))
        }
        console.err("HTTP \(response.statusCode)")
        if let body = response.body, !body.isEmpty { console.out(PrettyJSON.string(Data(body.utf8))) }
        switch response.statusCode {
        case ..<400: return TestexLocal.Exit.success
        case 400..<500: return TestexLocal.Exit.clientError
        default: return TestexLocal.Exit.serverError
        }
    }
}

/// The fields of a proxy response the harness shows.
struct APIResponseView: Decodable {
    let statusCode: Int
    let body: String?
}
