/// Typed calls to DatabaseManager through the `FunctionInvoker`: the only way other functions reach tables.
/// Every call names the caller it is made for, whom DatabaseManager checks.
import Shared

public struct DatabaseClient: Sendable {
    let functions: any FunctionInvoker
    let context: LambdaContext
    let caller: Caller

    public init(functions: any FunctionInvoker, context: LambdaContext, caller: Caller) {
        self.functions = functions
        self.context = context
        self.caller = caller
    }

    /// A single record, or `null` when absent: `{"contract": {...}}`.
    public struct Record<Value: Codable & Sendable>: Codable, Sendable {
        public var record: Value?
        public init(_ record: Value?) { self.record = record }
    }

    public func contract(_ id: String) async throws -> Contract? {
        try await call(.getContract(contractId: id), as: Record<Contract>.self).record
    }

    /// The contract a change starts from and, for a request with an `Idempotency-Key`, the
    /// answer committed for that key: both in one call.
    public func contractForChange(_ id: String, idempotencyKey: String?) async throws -> ContractForChange {
        try await call(
            .getContractForChange(contractId: id, idempotencyKey: idempotencyKey),
            as: ContractForChange.self
        )
    }

    /// `contractForChange` for each query, read in one call per `DatabaseRequest.maximumContracts`, in order.
    public func contractsForChange(_ queries: [ContractForChangeQuery]) async throws -> [ContractForChange] {
        var found: [ContractForChange] = []
        for chunk in queries.chunks(ofCount: DatabaseRequest.maximumContracts) {
            found += try await call(.getContractsForChange(Array(chunk)), as: [ContractForChange].self)
        }
        guard found.count == queries.count else {
            throw DomainError.internal("get_contracts_for_change answered \(found.count) of \(queries.count) queries")
        }
        return found
    }

    /// Commits a contract's change with its audit entry (and idempotency record), as one transaction.
    public func commit(_ change: ContractChange) async throws {
        _ = try await call(.commitContract(change), as: ChangeAcknowledgement.self)
    }

    public func contracts(status: ContractStatus?, clientId: String?, page: PageRequest) async throws -> Page<Contract>
    {
        try await call(.listContracts(status: status, clientId: clientId, page: page), as: Page<Contract>.self)
    }

    public func client(_ id: String) async throws -> Client? {
        try await call(.getClient(clientId: id), as: Record<Client>.self).record
    }

    /// Commits a client's change with its audit entry and email guard, as one transaction.
    public func commit(_ change: ClientChange) async throws {
        _ = try await call(.commitClient(change), as: ChangeAcknowledgement.self)
    }

    public func clients(email: String?, page: PageRequest) async throws -> Page<Client> {
        try await call(.listClients(email: email, page: page), as: Page<Client>.self)
    }

    public func auditLogs(contractId: String, page: PageRequest) async throws -> Page<AuditLog> {
        try await call(.listAuditLogs(contractId: contractId, page: page), as: Page<AuditLog>.self)
    }

    /// Commits a document's metadata change with its audit entry, as one transaction.
    public func commit(_ change: FileChange) async throws {
        _ = try await call(.commitFile(change), as: ChangeAcknowledgement.self)
    }

    public func file(_ id: String) async throws -> FileRecord? {
        try await call(.getFile(fileId: id), as: Record<FileRecord>.self).record
    }

    public func files(contractId: String, page: PageRequest) async throws -> Page<FileRecord> {
        try await call(.listFiles(contractId: contractId, page: page), as: Page<FileRecord>.self)
    }

    /// Every document of a contract, all pages.
    public func allFiles(contractId: String) async throws -> [FileRecord] {
        try await Paginator.pages { try await files(contractId: contractId, page: $0) }.items(\.items)
    }

    /// The ACTIVE documents of the contracts, by contract, read in one call per `DatabaseRequest.maximumContracts`.
    public func activeFiles(contractIds: [String]) async throws -> [String: [FileRecord]] {
        var found: [String: [FileRecord]] = [:]
        for chunk in contractIds.chunks(ofCount: DatabaseRequest.maximumContracts) {
            for file in try await call(.activeFiles(contractIds: Array(chunk)), as: [FileRecord].self) {
                found[file.contractId, default: []].append(file)
            }
        }
        return found
    }

    public func putNotification(_ log: NotificationLog) async throws {
        _ = try await call(.putNotification(log), as: Record<NotificationLog>.self)
    }

    public func notifications(contractId: String, page: PageRequest) async throws -> Page<NotificationLog> {
        try await call(.listNotifications(contractId: contractId, page: page), as: Page<NotificationLog>.self)
    }

    public func idempotency(_ key: String) async throws -> IdempotencyRecord? {
        try await call(.getIdempotency(key: key), as: Record<IdempotencyRecord>.self).record
    }

    public func claimIdempotency(_ record: IdempotencyRecord, staleBefore: String) async throws {
        _ = try await call(.claimIdempotency(record, staleBefore: staleBefore), as: Record<IdempotencyRecord>.self)
    }

    public func deleteIdempotency(_ key: String) async throws {
        _ = try await call(.deleteIdempotency(key: key), as: Record<IdempotencyRecord>.self)
    }

    /// A notification's log, or nil when no notification has this id.
    public func notification(_ id: String) async throws -> NotificationLog? {
        try await call(.getNotification(notificationId: id), as: Record<NotificationLog>.self).record
    }

    /// Every contract a scheduled rule works on, all pages.
    public func contractsDue(_ sweep: ContractSweep) async throws -> [Contract] {
        try await Paginator.pages { try await call(.listContractsDue(sweep, page: $0), as: Page<Contract>.self) }
            .items(\.items)
    }

    /// The address's entry on the suppression list, or nil when mail may be sent to it.
    public func suppression(_ emailAddress: String) async throws -> Suppression? {
        try await call(.getSuppression(emailAddress: emailAddress.lowercased()), as: Record<Suppression>.self).record
    }

    /// Adds (or replaces) an address on the suppression list.
    public func putSuppression(_ suppression: Suppression) async throws {
        _ = try await call(.putSuppression(suppression), as: Record<Suppression>.self)
    }

    /// Records a bounce or complaint by its feedback id.
    public func putEmailFeedback(_ feedback: EmailFeedback) async throws {
        _ = try await call(.putEmailFeedback(feedback), as: Record<EmailFeedback>.self)
    }

    public func user(_ username: String) async throws -> User? {
        try await call(.getUser(username: username), as: Record<User>.self).record
    }

    public func putUser(_ user: User, expectedVersion: Int?) async throws {
        _ = try await call(.putUser(user, expectedVersion: expectedVersion), as: Record<User>.self)
    }

    public func signInFailures(_ username: String) async throws -> SignInFailures? {
        try await call(.getSignInFailures(username: username), as: Record<SignInFailures>.self).record
    }

    public func putSignInFailures(_ failures: SignInFailures, expectedVersion: Int?) async throws {
        _ = try await call(
            .putSignInFailures(failures, expectedVersion: expectedVersion),
            as: Record<SignInFailures>.self
        )
    }

    private func call<Response: Decodable>(_ request: DatabaseRequest, as type: Response.Type) async throws -> Response
    {
        try await send(request, as: type)
    }

    /// Any of DatabaseManager's operation sets, sent with the caller (`OperationCall`).
    func send<Operation: Codable & Sendable & Hashable, Response: Decodable>(
        _ request: Operation,
        as type: Response.Type
    ) async throws -> Response {
        try await functions.invoke(.databaseManager, OperationCall(request, for: caller), as: type, parent: context)
    }
}
