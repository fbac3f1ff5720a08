import Foundation
import HandlerRuntime
import Shared

/// The business rules: validates and applies every change to contracts and clients, audits each;
/// the scheduled rules, run by EventBridge's scheduled events; and the campaigns' work. What
/// follows a committed change is run by the contracts stream's consumers, FileHandler and
/// NotificationService (`ClosingStep`).
public struct ContractProcessorHandler: LambdaHandler {
    let services: Services

    public init(services: Services) {
        self.services = services
    }

    public func handle(_ event: ContractProcessorEvent, context: LambdaContext) async throws -> AnyEncodable {
        switch event {
        case .request(let request):
            return try await process(request, context: context)
        case .scheduled(let event):
            return AnyEncodable(try await ScheduledRun(services: services, context: context).run(event))
        case .stream:
            throw DomainError.malformed(
                "ContractProcessor consumes no stream: the contracts stream's changes go to "
                    + EventSourceMappings.consumers(of: Tables.contracts).map(\.rawValue).joined(separator: " and ")
            )
        case .campaign(let request):
            return try await CampaignWork(services: services, context: context, caller: request.caller).handle(request)
        }
    }

    func process(_ request: ContractRequest, context: LambdaContext) async throws -> AnyEncodable {
        let work = ContractWork(
            services: services,
            context: context,
            caller: request.caller,
            requestID: request.requestId ?? context.requestID
        )
        context.logger.info("contract action", ["action": request.action.rawValue, "caller": request.caller.subject])
        // The API checks roles first; checked again here so no other entry point lets a caller
        // do more than the API would.
        try request.caller.require(
            request.action.allowedRoles,
            to: request.action.rawValue.replacingOccurrences(of: "_", with: " ")
        )
        switch request.action {
        case .createContract:
            return AnyEncodable(
                try await work.createContract(try Fields(request.fields, allowed: ContractRules.createFields))
            )
        case .updateContract:
            return AnyEncodable(
                try await work.updateContract(
                    try request.requiredContractId(),
                    try Fields(request.fields, allowed: ContractRules.updateFields)
                )
            )
        case .deleteContract:
            return AnyEncodable(try await work.deleteContract(try request.requiredContractId()))
        case .suspendContract, .reactivateContract:
            return AnyEncodable(
                try await work.changeStatus(
                    try request.requiredContractId(),
                    to: request.action == .suspendContract ? .suspended : .active,
                    try Fields(request.fields, allowed: statusChangeFields)
                )
            )
        case .terminateContract: return AnyEncodable(try await terminate(request, work))
        case .createClient:
            return AnyEncodable(
                try await work.createClient(try Fields(request.fields, allowed: ClientRules.createFields))
            )
        case .updateClient:
            return AnyEncodable(
                try await work.updateClient(
                    try request.requiredClientId(),
                    try Fields(request.fields, allowed: ClientRules.updateFields)
                )
            )
        }
    }
    /// Once per `Idempotency-Key`: a repeated request answers what the first one did.
    private func terminate(_ request: ContractRequest, _ work: ContractWork) async throws -> Contract {
        let id = try request.requiredContractId()
        let fields = try Fields(request.fields, allowed: TerminationRules.fields)
        return try await Idempotency.run(
            work,
            contractId: id,
            key: request.idempotencyKey,
            scope: "terminate#\(id)",
            request: request.fields
        ) { work, before in
            try await work.terminate(before, fields)
        }
    }
}

/// Suspend and reactivate take the fields of their API body.
private let statusChangeFields = RequestBodies.statusChange.names

extension ContractAction {
    /// Who may ask for the action: the roles the API gives it.
    var allowedRoles: Set<Role> {
        switch self {
        case .createContract, .updateContract, .createClient, .updateClient: [.admin, .system]
        case .deleteContract, .suspendContract, .reactivateContract: [.admin]
        case .terminateContract: [.admin, .client]
        }
    }
}

extension ContractRequest {
    func requiredContractId() throws -> String {
        guard let contractId else { throw DomainError.malformed("contract_id is required for \(action.rawValue)") }
        try Validate.contractId(contractId)
        return contractId
    }

    func requiredClientId() throws -> String {
        guard let clientId else { throw DomainError.malformed("client_id is required for \(action.rawValue)") }
        try Validate.clientId(clientId)
        return clientId
    }

}
