import Foundation
import Shared

/// `Idempotency-Key`: the first request with a key runs and its answer is remembered; a retry
/// with the same key and the same request gets that answer and causes nothing; the same key with
/// another request is refused. A request that died mid-way leaves its claim, which expires.
struct Idempotency: Sendable {
    let work: ContractWork
    static let claimExpiry: TimeInterval = 300

    func run<T: Codable & Sendable>(key: String?, scope: String, request: [String: JSONValue], _ body: () async throws -> T) async throws -> T {
        guard let key else { return try await body() }
        guard (1...255).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw DomainError.malformed("Idempotency-Key must be 1 to 255 printable ASCII characters without spaces")
        }
        let id = "\(scope)#\(key)"
        let hash = Hex.encode(Digest.sha256(try JSON.encode(request)))
        let database = work.database
        if let record = try await database.idempotency(id) {
            guard record.requestHash == hash else {
                throw DomainError.invalid("Idempotency-Key \(key) was already used with a different request")
            }
            if record.status == "COMPLETED", let response = record.response {
                work.context.logger.info("idempotent replay", ["idempotency_key": key])
                return try response.decode(T.self)
            }
        }
        let now = work.services.clock.now()
        let staleBefore = Timestamp.string(now.addingTimeInterval(-Idempotency.claimExpiry))
        try await database.claimIdempotency(IdempotencyRecord(idempotencyKey: id, requestHash: hash, status: "IN_PROGRESS",
                                                              response: nil, createdAt: Timestamp.string(now)), staleBefore: staleBefore)
        let result: T
        do {
            result = try await body()
        } catch {
            try? await database.deleteIdempotency(id)
            throw error
        }
        try await database.putIdempotency(IdempotencyRecord(idempotencyKey: id, requestHash: hash, status: "COMPLETED",
                                                            response: try JSONValue(encoding: result), createdAt: Timestamp.string(now)))
        return result
    }
}
