import AWSClients
import Foundation

// `swift run template-tables [infrastructure/template.yaml]`: rewrites the template's generated
// sections (tables, DatabaseManager's table ARNs, schedule rules, stream events) from
// `Tables.all`, `Schedules.all` and `EventSourceMappings.all`.
let usage = "usage: template-tables [TEMPLATE]  (default infrastructure/template.yaml)\n"
let path = CommandLine.arguments.dropFirst().first ?? "infrastructure/template.yaml"
if path == "--help" || path == "-h" {
    print(usage, terminator: "")
    exit(0)
}
do {
    let url = URL(fileURLWithPath: path)
    guard FileManager.default.fileExists(atPath: path) else {
        FileHandle.standardError.write(Data("template-tables: \(path) does not exist\n\(usage)".utf8))
        exit(2)
    }
    let template = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    let regenerated = try TemplateSections.regenerate(template)
    if regenerated == template {
        print("\(path): generated sections are up to date")
    } else {
        try Data(regenerated.utf8).write(to: url, options: .atomic)
        print("\(path): generated sections rewritten from the declarations")
    }
} catch {
    FileHandle.standardError.write(Data("template-tables: \(error)\n".utf8))
    exit(1)
}
