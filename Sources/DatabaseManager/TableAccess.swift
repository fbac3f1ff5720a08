import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// Models in and out of the table service, with the table's errors turned into domain errors.
struct TableAccess: Sendable {
    let services: Services

    func get<T: Decodable>(_ type: T.Type, from table: TableDefinition, key: Item) async throws -> T? {
        try await mapped {
            try await services.tables.getItem(table: services.tableName(table), key: key).map { try $0.decode(type) }
        }
    }

    /// Creates (`expectedVersion` nil: the key must be new) or replaces the version the caller read.
    func put<T: Encodable>(
        _ value: T,
        into table: TableDefinition,
        key: Item,
        expectedVersion: Int?,
        what: String
    ) async throws {
        let condition: Condition =
            expectedVersion.map { .equals("version", .number(Decimal($0))) }
            ?? .attributeNotExists(table.partitionKey.name)
        do {
            try await mapped {
                try await services.tables.putItem(
                    table: services.tableName(table),
                    item: Item(encoding: value),
                    condition: condition
                )
            }
        } catch DomainError.conflict {
            throw try await conflict(table: table, key: key, expectedVersion: expectedVersion, what: what)
        }
    }

    /// Writes the record whatever is there (records with no concurrent writers: metadata, logs).
    func replace<T: Encodable>(_ value: T, into table: TableDefinition) async throws {
        try await mapped {
            try await services.tables.putItem(
                table: services.tableName(table),
                item: Item(encoding: value),
                condition: nil
            )
        }
    }

    /// Writes the record if `condition` holds; otherwise a 409 with `conflict` as its message.
    func put<T: Encodable>(_ value: T, into table: TableDefinition, condition: Condition, conflict: String) async throws
    {
        do {
            try await mapped {
                try await services.tables.putItem(
                    table: services.tableName(table),
                    item: Item(encoding: value),
                    condition: condition
                )
            }
        } catch DomainError.conflict {
            throw DomainError.conflict(conflict)
        }
    }

    /// Writes every item or none; a refused transaction is the domain error `explain` gives for
    /// the first action whose condition failed (by its place in `items`). With less than the
    /// commit allowance left before `deadline`, nothing is started: 503, nothing written.
    func transact(
        _ items: [TransactWriteItem],
        before deadline: Date,
        explain: (Int) async throws -> DomainError
    ) async throws {
        let allowance = FunctionSettings.commitAllowance * services.configuration.timeoutScale
        guard deadline.timeIntervalSinceNow >= allowance else {
            throw DomainError.unavailable(
                "the request ran out of time before its change was committed; "
                    + "nothing was changed, so it can be sent again"
            )
        }
        do {
            try await mapped { try await services.tables.transactWriteItems(items) }
        } catch let error as TableError {
            guard case .transactionCanceled(let reasons) = error,
                let failed = reasons.firstIndex(where: \.isConditionalCheckFailed)
            else { throw error }
            throw try await explain(failed)
        }
    }

    /// The condition of a write made from the version the writer read (`nil`: a create).
    func versionCondition(_ expectedVersion: Int?, key: String) -> Condition {
        expectedVersion.map { .equals("version", .number(Decimal($0))) } ?? .attributeNotExists(key)
    }

    /// Applies the actions to an item if `condition` holds (a 409 otherwise); answers the item after.
    func update<T: Decodable>(
        _ type: T.Type,
        in table: TableDefinition,
        key: Item,
        actions: [UpdateAction],
        condition: Condition?
    ) async throws -> T {
        try await mapped {
            try await services.tables.updateItem(
                table: services.tableName(table),
                key: key,
                actions: actions,
                condition: condition
            ).decode(type)
        }
    }

    func remove(from table: TableDefinition, key: Item) async throws {
        _ = try await mapped {
            try await services.tables.deleteItem(table: services.tableName(table), key: key, condition: nil)
        }
    }

    func delete<T: Decodable>(
        _ type: T.Type,
        from table: TableDefinition,
        key: Item,
        expectedVersion: Int?,
        what: String
    ) async throws -> T? {
        let condition: Condition =
            expectedVersion.map { .equals("version", .number(Decimal($0))) }
            ?? .attributeExists(table.partitionKey.name)
        do {
            return try await mapped {
                try await services.tables.deleteItem(table: services.tableName(table), key: key, condition: condition)
                    .map { try $0.decode(type) }
            }
        } catch DomainError.conflict {
            throw try await conflict(table: table, key: key, expectedVersion: expectedVersion ?? 0, what: what)
        }
    }

    func query<T: Codable & Sendable>(
        _ type: T.Type,
        _ table: TableDefinition,
        index: String?,
        partition: String,
        sortKey: SortKeyCondition? = nil,
        filter: Condition? = nil,
        page: PageRequest
    ) async throws -> Page<T> {
        let start = try startKey(page) {
            try TableRules.validateQueryStart(
                $0,
                definition: table,
                index: index.flatMap(table.index(named:)),
                partitionKey: .string(partition)
            )
        }
        let request = QueryRequest(
            table: services.tableName(table),
            index: index,
            partitionKey: .string(partition),
            sortKey: sortKey,
            filter: filter,
            limit: try page.validatedLimit(),
            exclusiveStartKey: start
        )
        return try await mapped { try decodePage(try await services.tables.query(request), as: type) }
    }

    /// A contract's entries of a table (audit logs, documents, notifications), in the order of its
    /// `contract_id-index`.
    func ofContract<T: Codable & Sendable>(
        _ type: T.Type,
        _ table: TableDefinition,
        _ contractId: String,
        filter: Condition? = nil,
        page: PageRequest
    ) async throws -> Page<T> {
        try await query(type, table, index: "contract_id-index", partition: contractId, filter: filter, page: page)
    }

    func scan<T: Codable & Sendable>(
        _ type: T.Type,
        _ table: TableDefinition,
        filter: Condition?,
        page: PageRequest
    ) async throws -> Page<T> {
        let start = try startKey(page) { try TableRules.validateScanStart($0, definition: table) }
        let request = ScanRequest(
            table: services.tableName(table),
            filter: filter,
            limit: try page.validatedLimit(),
            exclusiveStartKey: start
        )
        return try await mapped { try decodePage(try await services.tables.scan(request), as: type) }
    }

    /// The key a page's `next_token` continues after, checked as DynamoDB checks a start key: a
    /// token of another list (another index or partition) or an altered one is a 400 naming it.
    private func startKey(_ page: PageRequest, check: (Item) throws -> Void) throws -> Item? {
        guard let key = try PageToken.decode(page.nextToken) else { return nil }
        do {
            try check(key)
        } catch TableError.validation(let reason) {
            throw DomainError.malformed("next_token was not returned by this list (\(reason))")
        }
        return key
    }

    private func decodePage<T: Codable & Sendable>(_ page: ItemPage, as type: T.Type) throws -> Page<T> {
        Page(items: try page.items.map { try $0.decode(type) }, nextToken: PageToken.encode(page.lastEvaluatedKey))
    }

    /// Why a conditional write failed: the record is absent, already exists, or changed meanwhile.
    func conflict(table: TableDefinition, key: Item, expectedVersion: Int?, what: String) async throws -> DomainError {
        guard let expectedVersion else { return .conflict("\(what) already exists") }
        let current = try await services.tables.getItem(table: services.tableName(table), key: key)
        guard let current else { return .notFound("\(what) does not exist") }
        let version = current["version"]?.numberValue.map { "\($0)" } ?? "?"
        return .conflict("\(what) was changed concurrently: expected version \(expectedVersion), found \(version)")
    }

    /// The one mapping of table errors to domain errors.
    private func mapped<R>(_ body: () async throws -> R) async throws -> R {
        do {
            return try await body()
        } catch let error as TableError {
            switch error {
            case .conditionalCheckFailed: throw DomainError.conflict(error.description)
            case .transactionCanceled(let reasons) where reasons.contains(where: \.isConditionalCheckFailed):
                throw error
            case .transactionCanceled(let reasons):
                let why = reasons.compactMap(\.message).first ?? reasons.map(\.code).joined(separator: ", ")
                throw DomainError.malformed(why)
            case .itemTooLarge: throw DomainError.tooLarge("the record is larger than DynamoDB's 400 KB item limit")
            case .validation(let message): throw DomainError.malformed(message)
            case .resourceNotFound(let table):
                throw DomainError.internal("table \(table) does not exist (run `testex-local init`)")
            }
        } catch let error as DecodingError {
            throw DomainError.internal("a stored record does not decode: \(DecodingErrorDescription.describe(error))")
        }
    }
}
