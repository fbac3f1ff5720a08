import Foundation
import Shared
import WireFormat

/// `/api/templates...`: the email templates as managed, versioned content, for admins. Every
/// route but the upload link is NotificationService's work (it owns the templates and checks
/// each request's caller and template itself).
enum TemplateRoutes {
    static let access: Set<Role> = [.admin]
    static let name = Parameter.path(
        "name",
        .string(maximumBytes: 64, documented: .pattern("^[a-z0-9][a-z0-9-]{0,63}$", maximumLength: 64)),
        "the template's name, such as termination-notice"
    )
    static let version = Parameter.query("version", .integer(1...1_000_000), "this version instead of the current one")
    static let example = ["name": TemplateName.terminationNotice.rawValue]

    static let all: [Route] = [
        RouteDeclaration("GET", "/api/templates", "listTemplates", "The templates with their current versions")
            .roles(access, to: "manage templates")
            .answers(Page<TemplateSummary>.self) { call in
                try await call.templates(.list(caller: call.caller), as: Page<TemplateSummary>.self)
            },
        RouteDeclaration(
            "POST",
            "/api/templates/upload-url",
            "createTemplateUploadLink",
            "A presigned PUT link that uploads one template bundle (a JSON document, at most 1 MB)"
        )
        .roles(access, to: "manage templates")
        .body(RequestBodies.templateUploadLink)
        .example(body: ["expires_in": 600])
        .answers(TemplateBundleLink.self) { call in
            let key = TemplateBundleLink.key(call.services.ids.next("UP", 10))
            let link = try call.uploadLink(key: key, kind: "template-bundle", contentType: "application/json")
            return TemplateBundleLink(
                bundleKey: key,
                link: link,
                headers: ["Content-Type": "application/json", "If-None-Match": "*"]
            )
        },
        RouteDeclaration(
            "GET",
            "/api/templates/{name}",
            "getTemplate",
            "A template's current version, or an earlier one"
        )
        .roles(access, to: "manage templates")
        .parameters(name, version)
        .example(example)
        .answers(ManagedTemplate.self) { call in
            let version = try call.request.query["version"].map { text in
                guard let number = Int(text), number >= 1 else {
                    throw DomainError.malformed("version must be a version number (1, 2, ...)")
                }
                return number
            }
            return try await call.templates(
                .get(name: call.templateName, version: version, caller: call.caller),
                as: ManagedTemplate.self
            )
        },
        RouteDeclaration(
            "PUT",
            "/api/templates/{name}",
            "putTemplate",
            "Save a new version (checked first: declared placeholders, one-line subject, well-formed HTML)"
        )
        .roles(access, to: "manage templates")
        .parameters(name)
        .body(RequestBodies.putTemplate)
        .example(["name": SampleTemplate.name], body: try! JSONValue(encoding: SampleTemplate.draft))
        .answers(ManagedTemplate.self) { call in
            let fields = try call.fields(maximumBytes: Request.maximumBodyBytes)
            guard let draft = try? JSONValue.object(fields.values).decode(TemplateDraft.self) else {
                throw DomainError.malformed("the body must be a template's fields (see the document)")
            }
            let request = TemplateRequest.put(
                name: call.templateName,
                draft: draft,
                caller: call.caller,
                requestId: call.request.requestID
            )
            return try await call.templates(request, as: ManagedTemplate.self)
        },
        RouteDeclaration(
            "DELETE",
            "/api/templates/{name}",
            "deleteTemplate",
            "Delete a template no rule sends (its versions are kept); answers its last version"
        )
        .roles(access, to: "manage templates")
        .parameters(name).conflicting()
        .example(["name": SampleTemplate.name])
        .answers(ManagedTemplate.self) { call in
            let request = TemplateRequest.delete(
                name: call.templateName,
                caller: call.caller,
                requestId: call.request.requestID
            )
            return try await call.templates(request, as: ManagedTemplate.self)
        },
        RouteDeclaration(
            "GET",
            "/api/templates/{name}/versions",
            "listTemplateVersions",
            "A template's versions, newest first"
        )
        .roles(access, to: "manage templates")
        .parameters(name)
        .example(example)
        .answers(Page<TemplateVersion>.self) { call in
            try await call.templates(
                .versions(name: call.templateName, caller: call.caller),
                as: Page<TemplateVersion>.self
            )
        },
        RouteDeclaration(
            "POST",
            "/api/templates/{name}/rollback",
            "rollbackTemplate",
            "Save an earlier version's content again, as the newest version"
        )
        .roles(access, to: "manage templates")
        .parameters(name)
        .body(RequestBodies.rollbackTemplate)
        .example(example, body: ["version": 1])
        .answers(ManagedTemplate.self) { call in
            let version = try call.fields().integer("version") ?? 1
            let request = TemplateRequest.rollback(
                name: call.templateName,
                version: version,
                caller: call.caller,
                requestId: call.request.requestID
            )
            return try await call.templates(request, as: ManagedTemplate.self)
        },
        RouteDeclaration(
            "POST",
            "/api/templates/{name}/preview",
            "previewTemplate",
            "Render a template with values exactly as a send would (reply_to is the environment's)"
        )
        .roles(access, to: "manage templates")
        .parameters(name)
        .body(RequestBodies.previewTemplate)
        .example(["name": SampleTemplate.name], body: ["values": ["date": "2026-12-01", "window": "22:00-23:00 UTC"]])
        .answers(TemplatePreview.self) { call in
            let fields = try call.fields()
            let request = TemplateRequest.preview(
                name: call.templateName,
                values: fields.templateValues(),
                version: try fields.integer("version"),
                caller: call.caller
            )
            return try await call.templates(request, as: TemplatePreview.self)
        },
    ]
}

extension RouteCall {
    /// The `{name}` parameter as given: NotificationService checks its shape.
    var templateName: String { parameters["name"] ?? "" }

    func templates<T: Decodable>(_ request: TemplateRequest, as type: T.Type) async throws -> T {
        try await functions.invoke(.notificationService, request, as: type, parent: context)
    }
}
