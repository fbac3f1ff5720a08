import Foundation
import Shared

/// Which fields a contract body may carry, and how each is checked.
enum ContractRules {
    static let createFields = RequestBodies.createContract.names
    static let updateFields = RequestBodies.updateContract.names

    /// Applies the body's fields to a contract, validating each one present.
    static func apply(_ fields: Fields, to contract: inout Contract) throws {
        if let type = try fields.string("contract_type") {
            try Validate.code(type, field: "contract_type")
            contract.contractType = type
        }
        if let start = try fields.string("start_date") { contract.startDate = start }
        if let end = try fields.string("end_date") { contract.endDate = end }
        if let value = try fields.decimal("value") {
            try Validate.amount(value)
            contract.value = value
        }
        if let currency = try fields.string("currency") {
            try Validate.currency(currency)
            contract.currency = currency
        }
        if let description = try fields.string("description") {
            try Validate.text(description, field: "description", maximum: 2000, allowEmpty: true)
            contract.description = description
        }
        let start = try Validate.day(contract.startDate, field: "start_date")
        let end = try Validate.day(contract.endDate, field: "end_date")
        guard end > start else { throw DomainError.invalid("end_date must be after start_date") }
    }
}

/// Which fields a client body may carry, and how each is checked.
enum ClientRules {
    static let createFields = RequestBodies.createClient.names
    static let updateFields = RequestBodies.updateClient.names

    static func apply(_ fields: Fields, to client: inout Client) throws {
        if let name = try fields.string("name") {
            try Validate.text(name, field: "name", maximum: 200, allowLineBreaks: false)
            client.name = name
        }
        if let email = try fields.string("email") {
            try Validate.email(email)
            client.email = email.lowercased()
        }
        if let phone = try fields.string("phone") {
            try Validate.phone(phone)
            client.phone = phone
        }
        if let address = try fields.string("address") {
            try Validate.text(address, field: "address", maximum: 500)
            client.address = address
        }
        if let status = try fields.string("status") {
            guard let parsed = ClientStatus(rawValue: status) else {
                throw DomainError.invalid("status must be ACTIVE or INACTIVE")
            }
            client.status = parsed
        }
    }
}
