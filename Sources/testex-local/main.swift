import Foundation
import LocalHarness

let words = Array(CommandLine.arguments.dropFirst())
let environment = ProcessInfo.processInfo.environment
if Backend.requested(words, environment: environment) {
    // The AWS backend lives in testex-local-aws, built beside this binary (see Package.swift).
    let sibling = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        .deletingLastPathComponent().appendingPathComponent("testex-local-aws").path
    let argv = [sibling] + words
    let cArguments = argv.map { strdup($0) } + [nil]
    execv(sibling, cArguments)
    FileHandle.standardError.write(Data("testex-local: --backend aws needs testex-local-aws beside testex-local (\(sibling)): \(String(cString: strerror(errno)))\n".utf8))
    exit(2)
}
let code = await TestexLocal.run(words, environment: environment, console: Console(capture: false))
exit(code)
