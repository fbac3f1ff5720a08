import Foundation
import LambdaRuntime

// The `bootstrap` of every function's zip: `_HANDLER` (the template's Handler) picks the function.
exit(await LambdaBootstrap.run(environment: ProcessInfo.processInfo.environment))
