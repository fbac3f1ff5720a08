/// NotificationService's work on managed templates, as JSON payloads `{"action": "put_template", ...}`.
/// Every action is an admin's: the function checks the request's `caller` itself.

public enum TemplateRequest: Sendable, Hashable {
    case list(caller: Caller)
    /// The current version, or version `version`.
    case get(name: String, version: Int?, caller: Caller)
    /// Saves a new version from the parts, or from an uploaded bundle (`draft.bundleKey`).
    case put(name: String, draft: TemplateDraft, caller: Caller, requestId: String?)
    case delete(name: String, caller: Caller, requestId: String?)
    case versions(name: String, caller: Caller)
    /// Saves version `version`'s content again, as the newest version.
    case rollback(name: String, version: Int, caller: Caller, requestId: String?)
    /// Renders the current version (or `version`) with `values`, as a send would.
    case preview(name: String, values: [String: String], version: Int?, caller: Caller)

    public static let actions: Set<String> = [
        "list_templates", "get_template", "put_template", "delete_template", "list_template_versions",
        "rollback_template", "preview_template",
    ]

    public var action: String {
        switch self {
        case .list: "list_templates"
        case .get: "get_template"
        case .put: "put_template"
        case .delete: "delete_template"
        case .versions: "list_template_versions"
        case .rollback: "rollback_template"
        case .preview: "preview_template"
        }
    }

    public var caller: Caller {
        switch self {
        case .list(let caller), .get(_, _, let caller), .put(_, _, let caller, _), .delete(_, let caller, _),
            .versions(_, let caller), .rollback(_, _, let caller, _), .preview(_, _, _, let caller):
            caller
        }
    }
}

extension TemplateRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case action, caller, name, template, version, values
        case requestId = "request_id"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let action = try c.decode(String.self, forKey: .action)
        let caller = try c.decode(Caller.self, forKey: .caller)
        let requestId = try c.decodeIfPresent(String.self, forKey: .requestId)
        func name() throws -> String { try c.decode(String.self, forKey: .name) }
        switch action {
        case "list_templates": self = .list(caller: caller)
        case "get_template":
            self = .get(name: try name(), version: try c.decodeIfPresent(Int.self, forKey: .version), caller: caller)
        case "put_template":
            self = .put(
                name: try name(),
                draft: try c.decode(TemplateDraft.self, forKey: .template),
                caller: caller,
                requestId: requestId
            )
        case "delete_template": self = .delete(name: try name(), caller: caller, requestId: requestId)
        case "list_template_versions": self = .versions(name: try name(), caller: caller)
        case "rollback_template":
            self = .rollback(
                name: try name(),
                version: try c.decode(Int.self, forKey: .version),
                caller: caller,
                requestId: requestId
            )
        case "preview_template":
            self = .preview(
                name: try name(),
                values: try c.decodeIfPresent([String: String].self, forKey: .values) ?? [:],
                version: try c.decodeIfPresent(Int.self, forKey: .version),
                caller: caller
            )
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .action,
                in: c,
                debugDescription: "unknown action '\(action.prefix(40))'"
            )
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(caller, forKey: .caller)
        switch self {
        case .list: break
        case .get(let name, let version, _):
            try c.encode(name, forKey: .name)
            try c.encodeIfPresent(version, forKey: .version)
        case .versions(let name, _): try c.encode(name, forKey: .name)
        case .put(let name, let draft, _, let requestId):
            try c.encode(name, forKey: .name)
            try c.encode(draft, forKey: .template)
            try c.encodeIfPresent(requestId, forKey: .requestId)
        case .delete(let name, _, let requestId):
            try c.encode(name, forKey: .name)
            try c.encodeIfPresent(requestId, forKey: .requestId)
        case .rollback(let name, let version, _, let requestId):
            try c.encode(name, forKey: .name)
            try c.encode(version, forKey: .version)
            try c.encodeIfPresent(requestId, forKey: .requestId)
        case .preview(let name, let values, let version, _):
            try c.encode(name, forKey: .name)
            try c.encode(values, forKey: .values)
            try c.encodeIfPresent(version, forKey: .version)
        }
    }
}
