import Foundation
import LocalHarness

let code = await TestexLocal.run(Array(CommandLine.arguments.dropFirst()),
                                 environment: ProcessInfo.processInfo.environment,
                                 console: Console(capture: false))
exit(code)
