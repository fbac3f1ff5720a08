import Foundation
import HandlerRuntime
import Shared

/// Managed templates, for admins: each request's caller checked with the one access rule, each
/// name and new version checked with `TemplateRules` before anything is written; a saved version
/// then has its audit entry committed through DatabaseManager.
struct Templates: Sendable {
    let services: Services
    let context: LambdaContext

    static let managers: Set<Role> = [.admin]

    var store: TemplateStore {
        TemplateStore(objects: services.objects, bucket: Buckets(services.configuration).templates)
    }

    func handle(_ request: TemplateRequest) async throws -> AnyEncodable {
        try request.caller.require(Self.managers, to: "manage templates")
        switch request {
        case .list:
            return AnyEncodable(try await list())
        case .get(let name, let version, _):
            return AnyEncodable(try await shown(try await find(name, version: version)))
        case .put(let name, let draft, let caller, let requestId):
            return AnyEncodable(try await put(name, draft, caller: caller, requestId: requestId))
        case .delete(let name, let caller, let requestId):
            return AnyEncodable(try await delete(name, caller: caller, requestId: requestId))
        case .versions(let name, _):
            return AnyEncodable(try await versions(name))
        case .rollback(let name, let version, let caller, let requestId):
            return AnyEncodable(try await rollback(name, to: version, caller: caller, requestId: requestId))
        case .preview(let name, let values, let version, _):
            return AnyEncodable(try await preview(name, values: values, version: version))
        }
    }

    private func list() async throws -> Page<TemplateSummary> {
        var items: [TemplateSummary] = []
        for name in try await store.available() {
            if let template = try await store.current(name) { items.append(TemplateSummary(shown(template))) }
        }
        return Page(items: items, nextToken: nil)
    }

    private func current(_ name: String) async throws -> ManagedTemplate {
        try TemplateRules.checkName(name)
        guard let template = try await store.current(name) else {
            throw DomainError.notFound("template \(name) does not exist")
        }
        return shown(template)
    }

    private func put(
        _ name: String,
        _ draft: TemplateDraft,
        caller: Caller,
        requestId: String?
    ) async throws
        -> ManagedTemplate
    {
        try TemplateRules.checkName(name)
        let bundle = try await TemplateBundle(services: services).draft(draft)
        let template = try bundle.content.template(
            name: name,
            savedAt: services.now,
            savedBy: caller.subject,
            change: bundle.key == nil ? "put" : "bundle"
        )
        let saved = try await save(
            template,
            caller: caller,
            requestId: requestId,
            action: bundle.key == nil ? "PUT_TEMPLATE" : "UPLOAD_TEMPLATE_BUNDLE"
        )
        if let key = bundle.key {
            try await services.objects.deleteObject(bucket: Buckets(services.configuration).files, key: key)
        }
        return saved
    }

    private func rollback(
        _ name: String,
        to number: Int,
        caller: Caller,
        requestId: String?
    ) async throws
        -> ManagedTemplate
    {
        try TemplateRules.checkName(name)
        guard let earlier = try await store.version(name, number) else {
            let count = try await store.history(name).count
            throw DomainError.notFound(
                count == 0
                    ? "template \(name) does not exist" : "template \(name) has no version \(number) (1 to \(count))"
            )
        }
        var template = earlier
        template.version = nil
        template.savedAt = services.now
        template.savedBy = caller.subject
        template.change = "rollback"
        template.restoredFrom = number
        return try await save(template, caller: caller, requestId: requestId, action: "ROLLBACK_TEMPLATE")
    }

    /// Checks, saves the version, then commits its audit entry.
    private func save(
        _ template: ManagedTemplate,
        caller: Caller,
        requestId: String?,
        action: String
    ) async throws
        -> ManagedTemplate
    {
        try TemplateRules.check(template)
        guard try await !store.wouldLoseCurrent(template.name) else {
            throw DomainError.conflict(
                "the templates bucket \(store.bucket) keeps no versions (a state made before templates were managed); "
                    + "saving would lose the current version: `testex-local reset` makes a state that keeps them"
            )
        }
        let before = try await store.current(template.name)
        let saved = shown(try await store.save(template))
        try await audit(action, template.name, caller: caller, requestId: requestId, before: before, after: saved)
        context.logger.info("template saved", ["template": template.name, "version": String(saved.version ?? 0)])
        return saved
    }

    private func delete(_ name: String, caller: Caller, requestId: String?) async throws -> ManagedTemplate {
        let template = try await current(name)
        guard template.inUse != true else {
            throw DomainError.conflict("template \(name) is sent by the system's rules; it can be changed, not deleted")
        }
        try await store.delete(name)
        try await audit("DELETE_TEMPLATE", name, caller: caller, requestId: requestId, before: template, after: nil)
        return template
    }

    private func versions(_ name: String) async throws -> Page<TemplateVersion> {
        try TemplateRules.checkName(name)
        let history = try await store.history(name)
        guard !history.isEmpty else { throw DomainError.notFound("template \(name) does not exist") }
        var items: [TemplateVersion] = []
        for number in stride(from: history.count, through: 1, by: -1) {
            guard let template = try await store.version(name, number) else { continue }
            items.append(TemplateVersion(version: number, current: history[number - 1].isLatest, template: template))
        }
        return Page(items: items, nextToken: nil)
    }

    /// Renders as a send does: the same renderer call, with the environment's `reply_to`.
    private func preview(_ name: String, values: [String: String], version: Int?) async throws -> TemplatePreview {
        try NotificationServiceHandler.checkValues(values)
        let template = try await find(name, version: version)
        let email = try TemplateRenderer.render(
            EmailTemplate(template),
            values: values,
            replyTo: services.configuration.replyToEmail
        )
        return TemplatePreview(
            name: name,
            version: template.version ?? 1,
            subject: email.subject,
            text: email.text,
            html: email.html
        )
    }

    /// The current version, or version `version`; 404 when there is none.
    private func find(_ name: String, version: Int?) async throws -> ManagedTemplate {
        try TemplateRules.checkName(name)
        let found = if let version { try await store.version(name, version) } else { try await store.current(name) }
        guard let template = found else {
            throw DomainError.notFound(
                version.map { "template \(name) has no version \($0)" } ?? "template \(name) does not exist"
            )
        }
        return template
    }

    private func shown(_ template: ManagedTemplate) -> ManagedTemplate {
        var shown = template
        shown.inUse = TemplateName(rawValue: template.name) != nil
        return shown
    }

    private func audit(
        _ action: String,
        _ name: String,
        caller: Caller,
        requestId: String?,
        before: ManagedTemplate?,
        after: ManagedTemplate?
    ) async throws {
        let entry = try AuditLog.change(
            action,
            entityType: "template",
            entityId: name,
            caller: caller,
            services: services,
            requestId: requestId ?? context.requestID,
            before: before?.audited,
            after: after?.audited
        )
        try await DatabaseClient(functions: services.functions, context: context, caller: caller)
            .recordTemplateChange(entry)
    }
}
