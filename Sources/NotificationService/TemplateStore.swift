import Foundation
import Shared

/// Loads templates from the templates bucket: `templates/<name>/subject.txt`, `body.txt`, `body.html`.
struct TemplateStore: Sendable {
    let objects: any ObjectStore
    let bucket: String

    static let files = ["subject.txt", "body.txt", "body.html"]

    func template(named name: String) async throws -> EmailTemplate {
        guard Validate.isLowerName(name) else {
            throw DomainError.invalid("template must be a template name such as termination-notice")
        }
        var parts: [String] = []
        for file in TemplateStore.files {
            guard let object = try await objects.getObject(bucket: bucket, key: "templates/\(name)/\(file)") else {
                throw DomainError.invalid("unknown template '\(name)'; available: \(try await available().joined(separator: ", "))")
            }
            parts.append(String(decoding: object.data, as: UTF8.self))
        }
        return EmailTemplate(name: name, subject: parts[0], text: parts[1], html: parts[2])
    }

    /// The template names in the bucket.
    func available() async throws -> [String] {
        let listing = try await objects.listObjectsV2(bucket: bucket, prefix: "templates/", delimiter: "/")
        return listing.commonPrefixes.map { String($0.dropFirst("templates/".count).dropLast()) }
    }
}
