import HandlerRuntime
import Shared

/// The idempotency records of changes: read, claimed before the change runs, deleted when it failed.
extension DatabaseManagerHandler {
    func idempotency(_ key: String) async throws -> DatabaseClient.Record<IdempotencyRecord> {
        DatabaseClient.Record(
            try await store.get(
                IdempotencyRecord.self,
                from: Tables.idempotency,
                key: ["idempotency_key": .string(key)]
            )
        )
    }

    /// Creates the record if the key is new, or takes over an IN_PROGRESS record created before
    /// `staleBefore` (its request died); 409 otherwise.
    func claimIdempotency(
        _ record: IdempotencyRecord,
        staleBefore: String
    ) async throws -> DatabaseClient.Record<IdempotencyRecord> {
        let abandoned: Condition = .and([
            .equals("status", "IN_PROGRESS"), .lessThan("created_at", .string(staleBefore)),
        ])
        try await store.put(
            record,
            into: Tables.idempotency,
            condition: .or([.attributeNotExists("idempotency_key"), abandoned]),
            conflict: "a request with this Idempotency-Key is still in progress"
        )
        return DatabaseClient.Record(record)
    }

    func deleteIdempotency(_ key: String) async throws -> DatabaseClient.Record<IdempotencyRecord> {
        try await store.remove(from: Tables.idempotency, key: ["idempotency_key": .string(key)])
        return DatabaseClient.Record<IdempotencyRecord>(nil)
    }
}
