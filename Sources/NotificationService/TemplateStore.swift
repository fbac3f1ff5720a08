import Foundation
import Shared
import WireFormat

/// The templates bucket's managed templates: `templates/<name>/template.json`, one S3 version per
/// saved version (the bucket is versioned). The one reader and writer of templates: sends read the
/// current version through `template(named:)`.
public struct TemplateStore: Sendable {
    let objects: any ObjectStore
    let bucket: String

    public init(objects: any ObjectStore, bucket: String) {
        self.objects = objects
        self.bucket = bucket
    }

    /// The key of a template's versions.
    public static func key(_ name: String) -> String { "templates/\(name)/template.json" }

    /// The current version, as sends render it.
    func template(named name: String) async throws -> EmailTemplate {
        guard Validate.isLowerName(name) else {
            throw DomainError.invalid("template must be a template name such as termination-notice")
        }
        guard let template = try await read(name, versionId: nil) else {
            throw DomainError.invalid(
                "unknown template '\(name)'; available: \(try await available().joined(separator: ", "))"
            )
        }
        return EmailTemplate(template)
    }

    /// The template names with a current version.
    func available() async throws -> [String] {
        let listing = try await objects.listObjectsV2(bucket: bucket, prefix: "templates/", delimiter: "/")
        var names: [String] = []
        for prefix in listing.commonPrefixes {
            let name = String(prefix.dropFirst("templates/".count).dropLast())
            if try await objects.headObject(bucket: bucket, key: Self.key(name)) != nil { names.append(name) }
        }
        return names
    }

    /// The S3 versions of the template, oldest (version 1) first, delete markers left out.
    func history(_ name: String) async throws -> [ObjectVersion] {
        try await objects.listObjectVersions(bucket: bucket, prefix: Self.key(name))
            .filter { $0.key == Self.key(name) && !$0.isDeleteMarker }
            .reversed()
    }

    /// The current version with its number, or nil when there is none (never saved, or deleted).
    func current(_ name: String) async throws -> ManagedTemplate? {
        guard var template = try await read(name, versionId: nil) else { return nil }
        let versions = try await history(name)
        template.version = (versions.firstIndex { $0.isLatest } ?? versions.count - 1) + 1
        return template
    }

    /// Version `number` (1 is the oldest), or nil when the template has no such version.
    func version(_ name: String, _ number: Int) async throws -> ManagedTemplate? {
        let versions = try await history(name)
        guard number >= 1, number <= versions.count else { return nil }
        var template = try await read(name, versionId: versions[number - 1].versionId)
        template?.version = number
        return template
    }

    /// Saves a new current version; answers it with its number.
    func save(_ template: ManagedTemplate) async throws -> ManagedTemplate {
        var stored = template
        stored.version = nil
        stored.inUse = nil
        let put = try await objects.putObject(
            bucket: bucket,
            key: Self.key(template.name),
            data: try JSON.encode(stored),
            contentType: "application/json",
            metadata: ["template-change": template.change]
        )
        let versions = try await history(template.name)
        stored.version = (versions.firstIndex { $0.versionId == put.versionId } ?? versions.count - 1) + 1
        return stored
    }

    /// Saves `template` as version 1 unless the template has a current version; whether it did.
    func install(_ template: ManagedTemplate) async throws -> Bool {
        do {
            try await objects.createObject(
                bucket: bucket,
                key: Self.key(template.name),
                data: try JSON.encode(template),
                contentType: "application/json",
                metadata: ["template-change": template.change]
            )
            return true
        } catch ObjectStoreError.preconditionFailed {
            return false
        }
    }

    /// Ends the current version (a delete marker); the versions stay.
    func delete(_ name: String) async throws {
        try await objects.deleteObject(bucket: bucket, key: Self.key(name))
    }

    /// Whether saving would replace the current version for good: the bucket keeps no versions
    /// (a state made before templates were managed).
    func wouldLoseCurrent(_ name: String) async throws -> Bool {
        guard let head = try await objects.headObject(bucket: bucket, key: Self.key(name)) else { return false }
        return head.versionId == nil || head.versionId == "null"
    }

    private func read(_ name: String, versionId: String?) async throws -> ManagedTemplate? {
        guard let object = try await objects.getObject(bucket: bucket, key: Self.key(name), versionId: versionId) else {
            return nil
        }
        do {
            return try JSON.decode(ManagedTemplate.self, from: object.data)
        } catch {
            throw DomainError.internal("template \(name)'s stored version cannot be read: \(error)")
        }
    }
}
