import Foundation
import Shared

extension TemplateStore {
    /// Installs each bundled template (`<name>/subject.txt`, `body.txt`, `body.html`) as version 1
    /// of a template that has no current version; one with a current version is left as it is.
    /// Each declares the values it uses, all required. Answers the names installed.
    @discardableResult
    public func installDefaults(_ files: [String: String], at time: String) async throws -> [String] {
        var installed: [String] = []
        for name in Self.names(in: files) {
            guard let subject = files["\(name)/subject.txt"], let text = files["\(name)/body.txt"],
                let html = files["\(name)/body.html"]
            else {
                throw DomainError.internal(
                    "the bundled template \(name) lacks one of \(Self.files.joined(separator: ", "))"
                )
            }
            let used = EmailTemplate(name: name, subject: subject, text: text, html: html).placeholders.sorted()
            let template = ManagedTemplate(
                name: name,
                subject: subject.trimmingCharacters(in: .whitespacesAndNewlines),
                text: text + "\n",
                html: html + "\n",
                variables: used,
                required: used,
                savedAt: time,
                savedBy: "init",
                change: "install"
            )
            try TemplateRules.check(template)
            if try await install(template) { installed.append(name) }
        }
        return installed
    }

    /// The template names of bundled files (`<name>/<file>`), sorted.
    public static func names(in files: [String: String]) -> [String] {
        Set(files.keys.compactMap { $0.split(separator: "/").first.map(String.init) }).sorted()
    }

    /// The files of a bundled template.
    public static let files = ["subject.txt", "body.txt", "body.html"]
}
