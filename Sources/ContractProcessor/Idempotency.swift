import Cryptography
import Foundation
import Shared
import WireFormat

/// `Idempotency-Key`: the first request with a key runs, and its answer is committed in the same
/// transaction as its change; a retry with the same key and the same request gets that answer
/// and causes nothing; the same key with another request is refused. Two requests racing with
/// one key: one commits, the other's commit is refused and it answers what the first committed.
enum Idempotency {
    /// A request's key and request digest, for the record its commit writes.
    struct Claim: Sendable {
        let id: String
        let requestHash: String
        let createdAt: String

        func record<T: Encodable>(answering response: T) throws -> IdempotencyRecord {
            IdempotencyRecord(
                idempotencyKey: id,
                requestHash: requestHash,
                status: "COMPLETED",
                response: try JSONValue(encoding: response),
                createdAt: createdAt
            )
        }
    }

    /// Runs `body` on the contract once per key: the contract and the key's committed answer are
    /// read in one call (or were, with others, as `read`); another client's contract is absent
    /// before any answer is replayed. A change refused on what was read with others is run
    /// again on what is read now.
    static func run<T: Codable & Sendable>(
        _ work: ContractWork,
        contractId: String,
        key: String?,
        scope: String,
        request: [String: JSONValue],
        read: ContractForChange? = nil,
        _ body: (ContractWork, Contract) async throws -> T
    ) async throws -> T {
        guard let read else {
            return try await run(work, contractId, try claim(key, scope, request, work), key, nil, body)
        }
        do {
            return try await run(work, contractId, try claim(key, scope, request, work), key, read, body)
        } catch DomainError.conflict {
            return try await run(work, contractId, try claim(key, scope, request, work), key, nil, body)
        }
    }

    /// The claim id under which a request's key is recorded: its scope and the key.
    static func claimId(scope: String, key: String) -> String { "\(scope)#\(key)" }

    private static func claim(
        _ key: String?,
        _ scope: String,
        _ request: [String: JSONValue],
        _ work: ContractWork
    ) throws -> Claim? {
        try key.map { key in
            guard (1...255).contains(key.utf8.count),
                key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
            else {
                throw DomainError.malformed(
                    "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces"
                )
            }
            return Claim(
                id: claimId(scope: scope, key: key),
                requestHash: Hex.encode(Digest.sha256(try JSON.encode(request))),
                createdAt: work.services.now
            )
        }
    }

    private static func run<T: Codable & Sendable>(
        _ work: ContractWork,
        _ contractId: String,
        _ claim: Claim?,
        _ key: String?,
        _ read: ContractForChange?,
        _ body: (ContractWork, Contract) async throws -> T
    ) async throws -> T {
        let start: ContractForChange
        if let read {
            start = read
        } else {
            start = try await work.database.contractForChange(contractId, idempotencyKey: claim?.id)
        }
        let before = try work.caller.visible(start.contract, clientId: \.clientId, record: "contract \(contractId)")
        guard let claim, let key else { return try await body(work, before) }
        if let answer = try replay(start.idempotency, claim, key: key, work: work, as: T.self) { return answer }
        var claimed = work
        claimed.idempotency = claim
        do {
            return try await body(claimed, before)
        } catch DomainError.conflict(let message) {
            // A request with the same key may have committed first: answer as it did.
            let record = try await work.database.idempotency(claim.id)
            if let answer = try replay(record, claim, key: key, work: work, as: T.self) { return answer }
            throw DomainError.conflict(message)
        }
    }

    /// The remembered answer for the key, or nil when none is committed.
    private static func replay<T: Decodable>(
        _ record: IdempotencyRecord?,
        _ claim: Claim,
        key: String,
        work: ContractWork,
        as type: T.Type
    ) throws -> T? {
        guard let record, record.status == "COMPLETED", let response = record.response else { return nil }
        guard record.requestHash == claim.requestHash else {
            throw DomainError.invalid("Idempotency-Key \(key) was already used with a different request")
        }
        work.context.logger.info("idempotent replay", ["idempotency_key": key])
        return try response.decode(T.self)
    }
}
