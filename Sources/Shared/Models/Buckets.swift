/// The four buckets of the system, by their `{env}-testex-*` names.
public struct Buckets: Sendable {
    public let files: String
    public let archives: String
    public let backups: String
    public let templates: String

    /// The name of each bucket after `{env}-testex-`.
    public static let stems = ["files", "archives", "backups", "templates"]

    public init(_ configuration: Configuration) {
        files = configuration.resourceName("files")
        archives = configuration.resourceName("archives")
        backups = configuration.resourceName("backups")
        templates = configuration.resourceName("templates")
    }

    /// Every bucket with whether it keeps versions (backups, and templates: each saved version).
    public var all: [(name: String, versioned: Bool)] {
        [(files, false), (archives, false), (backups, true), (templates, true)]
    }
}
