import Foundation
import Shared
import Testing
import WireFormat

@testable import ContractProcessor

/// The rules of a contract's and a client's fields, on their own: a body's fields in, the
/// record or the error out, with no function, store or router.
@Suite("Contract and client field rules")
struct ContractRulesTests {
    static let draft = Contract(
        contractId: "CT001ABC",
        clientId: "CL001XYZ",
        contractType: "SERVICE",
        status: .active,
        startDate: "2027-01-01",
        endDate: "2027-12-31",
        value: 100,
        createdAt: "2026-12-01T00:00:00.000Z",
        updatedAt: "2026-12-01T00:00:00.000Z"
    )

    static func applied(_ body: [String: JSONValue], to contract: Contract = draft) throws -> Contract {
        var changed = contract
        try ContractRules.apply(try Fields(body, allowed: ContractRules.updateFields), to: &changed)
        return changed
    }

    @Test func eachFieldPresentIsCheckedAndApplied() throws {
        let changed = try Self.applied([
            "contract_type": "MAINTENANCE", "value": "1500.50", "currency": "USD", "description": "",
            "start_date": "2027-02-01", "end_date": "2028-01-31",
        ])
        #expect(changed.contractType == "MAINTENANCE")
        #expect(changed.value == Decimal(string: "1500.50"))
        #expect(changed.currency == "USD")
        #expect(changed.description == "")
        #expect(changed.startDate == "2027-02-01" && changed.endDate == "2028-01-31")
    }

    @Test func absentFieldsKeepTheirValues() throws {
        #expect(try Self.applied([:]) == Self.draft)
    }

    @Test func theEndMustComeAfterTheStart() {
        #expect(throws: DomainError.invalid("end_date must be after start_date")) {
            try Self.applied(["end_date": "2027-01-01"])
        }
        #expect(throws: DomainError.self) { try Self.applied(["start_date": "2027-02-30"]) }
    }

    @Test func codesAmountsAndCurrenciesHaveTheirShapes() {
        #expect(throws: DomainError.self) { try Self.applied(["contract_type": "service"]) }
        #expect(throws: DomainError.self) { try Self.applied(["currency": "euro"]) }
        #expect(throws: DomainError.self) { try Self.applied(["value": -1]) }
        #expect(throws: DomainError.self) { try Self.applied(["value": "12,00"]) }
        #expect(throws: DomainError.self) {
            try Self.applied(["description": .string(String(repeating: "x", count: 2001))])
        }
    }

    @Test func aFieldTheBodyMayNotCarryIsRefusedByName() {
        #expect(throws: DomainError.self) { try Fields(["status": "TERMINATED"], allowed: ContractRules.updateFields) }
        #expect(!ContractRules.updateFields.contains("status") && !ContractRules.updateFields.contains("client_id"))
    }

    static let client = Client(
        clientId: "CL001XYZ",
        name: "Acme",
        email: "ops@acme.example",
        createdAt: "2026-12-01T00:00:00.000Z",
        updatedAt: "2026-12-01T00:00:00.000Z"
    )

    static func client(_ body: [String: JSONValue]) throws -> Client {
        var changed = client
        try ClientRules.apply(try Fields(body, allowed: ClientRules.updateFields), to: &changed)
        return changed
    }

    @Test func aClientsEmailIsKeptInLowerCase() throws {
        #expect(try Self.client(["email": "Billing@ACME.example"]).email == "billing@acme.example")
    }

    @Test func aClientsFieldsHaveTheirShapes() throws {
        #expect(try Self.client(["status": "INACTIVE"]).status == .inactive)
        #expect(throws: DomainError.invalid("status must be ACTIVE or INACTIVE")) {
            try Self.client(["status": "GONE"])
        }
        #expect(throws: DomainError.self) { try Self.client(["email": "not an address"]) }
        #expect(throws: DomainError.self) { try Self.client(["name": "two\nlines"]) }
        #expect(throws: DomainError.self) { try Self.client(["phone": "call me"]) }
    }
}
