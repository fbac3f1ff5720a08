import AWSHarness
import Foundation
import LocalHarness

// testex-local with the AWS backend available; testex-local hands `--backend aws` to it.
AWSBackend.register()
let code = await TestexLocal.run(
    Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfo.processInfo.environment,
    console: Console(capture: false)
)
exit(code)
