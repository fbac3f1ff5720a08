import AWSClients
import Foundation

// `swift run template-tables [infrastructure/template.yaml]`: rewrites the template's generated
// sections (tables, DatabaseManager's table ARNs, schedule rules) from `Tables.all` and `Schedules.all`.
let path = CommandLine.arguments.dropFirst().first ?? "infrastructure/template.yaml"
do {
    let url = URL(fileURLWithPath: path)
    let template = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    let regenerated = try TemplateSections.regenerate(template)
    if regenerated == template {
        print("\(path): generated sections are up to date")
    } else {
        try Data(regenerated.utf8).write(to: url, options: .atomic)
        print("\(path): generated sections rewritten from Tables.all and Schedules.all")
    }
} catch {
    FileHandle.standardError.write(Data("template-tables: \(error)\n".utf8))
    exit(1)
}
