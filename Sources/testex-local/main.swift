import Foundation
import LocalHarness

let words = Array(CommandLine.arguments.dropFirst())
let environment = ProcessInfo.processInfo.environment
if Backend.requested(words, environment: environment) {
    // The AWS backend lives in testex-local-aws, built beside this binary (see Package.swift).
    // Foundation finds the running executable on every platform (/proc/self/exe on Linux).
    let executable =
        Bundle.main.executableURL?.resolvingSymlinksInPath()
        ?? URL(fileURLWithPath: CommandLine.arguments[0])
    let sibling = executable.deletingLastPathComponent().appendingPathComponent("testex-local-aws").path
    let argv = [sibling] + words
    let cArguments = argv.map { strdup($0) } + [nil]
    execv(sibling, cArguments)
    let reason = String(cString: strerror(errno))
    let message =
        "testex-local: --backend aws runs testex-local-aws, which is not beside testex-local "
        + "(\(sibling): \(reason)); `swift build` builds both (`swift run testex-local` builds only testex-local)\n"
    FileHandle.standardError.write(Data(message.utf8))
    exit(2)
}
let code = await TestexLocal.run(words, environment: environment, console: Console(capture: false))
exit(code)
