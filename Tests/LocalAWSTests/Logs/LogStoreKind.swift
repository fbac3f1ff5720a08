import Foundation
import LocalAWS
import Shared

/// The log stores the conformance suite runs against.
enum LogStoreKind: String, CaseIterable, CustomStringConvertible {
    case memory
    case file

    var description: String { rawValue }

    func withStore(_ body: (any LogStore) async throws -> Void) async throws {
        let scratch = ScratchDirectory("testex-logs")
        defer { scratch.remove() }
        let store: any LogStore =
            switch self {
            case .memory: MemoryLogStore()
            case .file: FileLogStore(root: scratch.url)
            }
        try await body(store)
    }
}

let apiGatewayGroup = "/aws/lambda/development-testex-api-gateway"
let lambdaStream = "2026/11/18/[$LATEST]0123456789abcdef0123456789abcdef"
