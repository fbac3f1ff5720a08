import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// A template's new content, from a `PUT`'s parts or from a bundle uploaded through a link: a
/// JSON object `{"subject", "text", "html", "variables": [...], "required"?: [...]}` (the
/// fields of `PUT /api/templates/{name}`), at `template-uploads/UP….json` in the files bucket.
struct TemplateBundle: Sendable {
    let services: Services

    struct Content: Sendable {
        let subject: String
        let text: String
        let html: String
        let variables: [String]
        let required: [String]

        func template(name: String, savedAt: String, savedBy: String, change: String) -> ManagedTemplate {
            ManagedTemplate(
                name: name,
                subject: subject,
                text: text,
                html: html,
                variables: variables,
                required: required,
                savedAt: savedAt,
                savedBy: savedBy,
                change: change
            )
        }
    }

    /// The content, and the bundle's key when it came from one.
    func draft(_ draft: TemplateDraft) async throws -> (content: Content, key: String?) {
        guard let key = draft.bundleKey else { return (try Self.content(draft, source: "the body"), nil) }
        guard draft.subject == nil, draft.text == nil, draft.html == nil, draft.variables == nil,
            draft.required == nil
        else {
            throw DomainError.malformed("give the parts, or the bundle_key of an uploaded bundle (not both)")
        }
        guard TemplateBundleLink.isKey(key) else {
            throw DomainError.malformed(
                "bundle_key must be the key of an upload link of POST /api/templates/upload-url"
            )
        }
        let files = Buckets(services.configuration).files
        guard let object = try await services.objects.getObject(bucket: files, key: key) else {
            throw DomainError.malformed("nothing was uploaded to \(key) (upload the bundle through its link first)")
        }
        guard object.data.count <= TemplateBundleLink.maximumBytes else {
            throw DomainError.malformed(
                "the bundle is \(object.data.count) bytes; at most \(TemplateBundleLink.maximumBytes)"
            )
        }
        let bundled: TemplateDraft
        do {
            bundled = try JSON.decode(TemplateDraft.self, from: object.data)
        } catch {
            throw DomainError.malformed(
                "the bundle at \(key) is not a JSON object of subject, text, html, variables and required"
            )
        }
        guard bundled.bundleKey == nil else { throw DomainError.malformed("a bundle cannot name another bundle") }
        return (try Self.content(bundled, source: "the bundle"), key)
    }

    private static func content(_ draft: TemplateDraft, source: String) throws -> Content {
        guard let subject = draft.subject, let text = draft.text, let html = draft.html else {
            throw DomainError.malformed("\(source) must give subject, text and html (or a bundle_key)")
        }
        guard let variables = draft.variables else {
            throw DomainError.malformed("\(source) must declare variables: the names the template may use")
        }
        return Content(
            subject: subject,
            text: text,
            html: html,
            variables: variables,
            required: draft.required ?? variables
        )
    }
}
