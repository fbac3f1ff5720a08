import Foundation
import Shared
import WireFormat

/// `templates list | show <name> | versions <name>`: the managed templates, read through
/// NotificationService as an admin would through the API (changes go through the API).
enum TemplatesCommand {
    static let caller = Caller(subject: "testex-local", role: .admin)

    @Sendable static func list(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        try context.arguments.finish()
        let page = try await ask(context, .list(caller: caller), as: Page<TemplateSummary>.self)
        if format == .json {
            context.console.out(JSON.string(page.items))
            return TestexLocal.Exit.success
        }
        for item in page.items {
            context.console.out(
                [
                    item.name.padding(toLength: 24, withPad: " ", startingAt: 0), "v\(item.version)", item.savedAt,
                    item.savedBy, item.inUse ? "sent by a rule" : "",
                ].joined(separator: "  ").trimmingCharacters(in: .whitespaces)
            )
        }
        return TestexLocal.Exit.success
    }

    @Sendable static func show(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let name = try context.arguments.next("template name (see `templates list`)")
        let version = try context.arguments.option("--version").map { text in
            guard let number = Int(text), number >= 1 else {
                throw UsageError("--version must be a number from 1, not '\(text)'")
            }
            return number
        }
        try context.arguments.finish()
        let template = try await ask(
            context,
            .get(name: name, version: version, caller: caller),
            as: ManagedTemplate.self
        )
        context.console.out(format == .json ? JSON.string(template) : JSON.string(template, pretty: true))
        return TestexLocal.Exit.success
    }

    @Sendable static func versions(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let name = try context.arguments.next("template name (see `templates list`)")
        try context.arguments.finish()
        let page = try await ask(context, .versions(name: name, caller: caller), as: Page<TemplateVersion>.self)
        if format == .json {
            context.console.out(JSON.string(page.items))
            return TestexLocal.Exit.success
        }
        for item in page.items {
            let restored = item.restoredFrom.map { " of v\($0)" } ?? ""
            context.console.out(
                "v\(item.version)  \(item.savedAt)  \(item.savedBy)  \(item.change)\(restored)"
                    + (item.current ? "  current" : "")
            )
        }
        return TestexLocal.Exit.success
    }

    private static func ask<T: Decodable>(
        _ context: CommandContext,
        _ request: TemplateRequest,
        as type: T.Type
    )
        async throws -> T
    {
        let system = try await context.openSystem()
        do {
            return try await system.lambda.invoke(.notificationService, request, as: type, parent: nil)
        } catch DomainError.notFound(let message) {
            throw NotFound(message)
        } catch DomainError.malformed(let message) {
            throw UsageError(message)
        }
    }
}
