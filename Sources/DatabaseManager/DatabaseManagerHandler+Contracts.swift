import HandlerRuntime
import Shared

/// The contracts table's operations: a contract, what a change starts from, the lists.
extension DatabaseManagerHandler {
    func contract(_ id: String) async throws -> DatabaseClient.Record<Contract> {
        DatabaseClient.Record(
            try await store.get(Contract.self, from: Tables.contracts, key: ["contract_id": .string(id)])
        )
    }

    /// The contract and the key's record, read together; with an `owner`, another client's
    /// contract is absent and so is the record of a key used on it.
    func contractForChange(_ id: String, idempotencyKey: String?, owner: Caller?) async throws -> ContractForChange {
        let contract = try await store.get(Contract.self, from: Tables.contracts, key: ["contract_id": .string(id)])
        guard let contract, owner?.owns(clientId: contract.clientId) ?? true else {
            return ContractForChange(contract: nil, idempotency: nil)
        }
        guard let idempotencyKey else { return ContractForChange(contract: contract, idempotency: nil) }
        let record = try await store.get(
            IdempotencyRecord.self,
            from: Tables.idempotency,
            key: ["idempotency_key": .string(idempotencyKey)]
        )
        return ContractForChange(contract: contract, idempotency: record)
    }

    func contractsForChange(_ queries: [ContractForChangeQuery]) async throws -> [ContractForChange] {
        guard queries.count <= DatabaseRequest.maximumContracts else {
            throw DomainError.invalid(
                "at most \(DatabaseRequest.maximumContracts) queries per get_contracts_for_change"
            )
        }
        var found: [ContractForChange] = []
        for query in queries {
            try Validate.contractId(query.contractId)
            found.append(
                try await contractForChange(query.contractId, idempotencyKey: query.idempotencyKey, owner: nil)
            )
        }
        return found
    }

    /// By client (index, status as a filter) or by status (index); only an unfiltered list scans.
    func listContracts(status: ContractStatus?, clientId: String?, page: PageRequest) async throws -> Page<Contract> {
        switch (status, clientId) {
        case (let status, let clientId?):
            return try await store.query(
                Contract.self,
                Tables.contracts,
                index: "client_id-index",
                partition: clientId,
                filter: status.map { .equals("status", .string($0.rawValue)) },
                page: page
            )
        case (let status?, nil):
            return try await store.query(
                Contract.self,
                Tables.contracts,
                index: "status-index",
                partition: status.rawValue,
                page: page
            )
        case (nil, nil):
            return try await store.scan(Contract.self, Tables.contracts, filter: nil, page: page)
        }
    }

    /// The contracts a scheduled rule works on: those of its status, filtered by the sweep.
    func contractsDue(_ sweep: ContractSweep, page: PageRequest) async throws -> Page<Contract> {
        try await store.query(
            Contract.self,
            Tables.contracts,
            index: "status-index",
            partition: sweep.status.rawValue,
            filter: sweep.filter,
            page: page
        )
    }
}
