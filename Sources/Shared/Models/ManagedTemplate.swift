import Cryptography
import Foundation

/// An email template as managed content: one version of `templates/<name>/template.json` in the
/// templates bucket. Stored without `version` and `in_use`, which answers add: a version's number
/// is its place in the object's S3 version history (the oldest is 1), so racing saves never share one.
public struct ManagedTemplate: Codable, Sendable, Hashable {
    public var name: String
    public var version: Int?
    public var subject: String
    public var text: String
    public var html: String
    /// The values the template may use, each by name.
    public var variables: [String]
    /// The declared variables a send must give (each used by the template).
    public var required: [String]
    public var savedAt: String
    public var savedBy: String
    /// How the version was made: `install` (a default `init` installed), `put`, `bundle`, `rollback`.
    public var change: String
    /// The version a rollback saved again.
    public var restoredFrom: Int?
    /// Whether a rule of the system sends it (it cannot be deleted then).
    public var inUse: Bool?

    enum CodingKeys: String, CodingKey {
        case name, version, subject, text, html, variables, required, change
        case savedAt = "saved_at"
        case savedBy = "saved_by"
        case restoredFrom = "restored_from"
        case inUse = "in_use"
    }

    public init(
        name: String,
        subject: String,
        text: String,
        html: String,
        variables: [String],
        required: [String],
        savedAt: String,
        savedBy: String,
        change: String,
        restoredFrom: Int? = nil
    ) {
        self.name = name
        self.subject = subject
        self.text = text
        self.html = html
        self.variables = variables
        self.required = required
        self.savedAt = savedAt
        self.savedBy = savedBy
        self.change = change
        self.restoredFrom = restoredFrom
    }

    /// What an audit entry keeps of a version: everything but the parts, and their digest.
    public var audited: [String: String] {
        var fields = [
            "name": name, "variables": variables.joined(separator: ","),
            "required": required.joined(separator: ","), "change": change,
            "sha256": Hex.encode(Digest.sha256(Data((subject + "\u{0}" + text + "\u{0}" + html).utf8))),
        ]
        if let version { fields["version"] = String(version) }
        if let restoredFrom { fields["restored_from"] = String(restoredFrom) }
        return fields
    }
}

/// A template's new content (`PUT /api/templates/{name}`): the parts and declarations, or the
/// key of a bundle uploaded through `POST /api/templates/upload-url` holding the same fields.
public struct TemplateDraft: Codable, Sendable, Hashable {
    public var subject: String?
    public var text: String?
    public var html: String?
    public var variables: [String]?
    /// Absent: every declared variable is required.
    public var required: [String]?
    public var bundleKey: String?

    enum CodingKeys: String, CodingKey {
        case subject, text, html, variables, required
        case bundleKey = "bundle_key"
    }

    public init(
        subject: String? = nil,
        text: String? = nil,
        html: String? = nil,
        variables: [String]? = nil,
        required: [String]? = nil,
        bundleKey: String? = nil
    ) {
        self.subject = subject
        self.text = text
        self.html = html
        self.variables = variables
        self.required = required
        self.bundleKey = bundleKey
    }
}

/// One entry of `GET /api/templates`.
public struct TemplateSummary: Codable, Sendable, Hashable {
    public var name: String
    public var version: Int
    public var savedAt: String
    public var savedBy: String
    public var inUse: Bool

    enum CodingKeys: String, CodingKey {
        case name, version
        case savedAt = "saved_at"
        case savedBy = "saved_by"
        case inUse = "in_use"
    }

    public init(_ template: ManagedTemplate) {
        name = template.name
        version = template.version ?? 1
        savedAt = template.savedAt
        savedBy = template.savedBy
        inUse = template.inUse ?? false
    }
}

/// One version of a template's history, newest first in `GET /api/templates/{name}/versions`.
public struct TemplateVersion: Codable, Sendable, Hashable {
    public var version: Int
    public var current: Bool
    public var savedAt: String
    public var savedBy: String
    public var change: String
    public var restoredFrom: Int?

    enum CodingKeys: String, CodingKey {
        case version, current, change
        case savedAt = "saved_at"
        case savedBy = "saved_by"
        case restoredFrom = "restored_from"
    }

    public init(version: Int, current: Bool, template: ManagedTemplate) {
        self.version = version
        self.current = current
        savedAt = template.savedAt
        savedBy = template.savedBy
        change = template.change
        restoredFrom = template.restoredFrom
    }
}

/// A template rendered as a send renders it (`POST /api/templates/{name}/preview`).
public struct TemplatePreview: Codable, Sendable, Hashable {
    public var name: String
    public var version: Int
    public var subject: String
    public var text: String
    public var html: String

    public init(name: String, version: Int, subject: String, text: String, html: String) {
        self.name = name
        self.version = version
        self.subject = subject
        self.text = text
        self.html = html
    }
}

/// A presigned PUT link for one template bundle (`POST /api/templates/upload-url`).
public struct TemplateBundleLink: Codable, Sendable, Hashable {
    public var bundleKey: String
    public var link: PresignedURL
    /// Headers the upload must send.
    public var headers: [String: String]

    enum CodingKeys: String, CodingKey {
        case bundleKey = "bundle_key"
        case link, headers
    }

    public init(bundleKey: String, link: PresignedURL, headers: [String: String]) {
        self.bundleKey = bundleKey
        self.link = link
        self.headers = headers
    }

    /// The object key of upload `id` (`UP` + 10), in the files bucket beside no contract's documents.
    public static func key(_ id: String) -> String { "template-uploads/\(id).json" }

    /// Whether `key` is one `key(_:)` makes.
    public static func isKey(_ key: String) -> Bool {
        guard key.hasPrefix("template-uploads/"), key.hasSuffix(".json") else { return false }
        let id = key.dropFirst("template-uploads/".count).dropLast(".json".count)
        return Validate.isId(String(id), prefix: "UP", length: 12)
    }

    /// A bundle is at most this large: three parts at their limit, and room for the rest.
    public static let maximumBytes = 1024 * 1024
}

/// What a template bundle's upload link stored.
public struct TemplateBundleUpload: Codable, Sendable, Hashable {
    public var bundleKey: String
    public var bytes: Int
    public var etag: String

    enum CodingKeys: String, CodingKey {
        case bundleKey = "bundle_key"
        case bytes, etag
    }

    public init(bundleKey: String, bytes: Int, etag: String) {
        self.bundleKey = bundleKey
        self.bytes = bytes
        self.etag = etag
    }
}
