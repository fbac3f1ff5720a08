import Foundation
import LocalAWS
import Shared

/// Every client with the guard item that keeps its email unique, and every guard naming a client
/// that has that email. The guards are written in the client's transactions; a state of an
/// earlier layout, from before the guards, gets them on its first command (`addMissing`).
struct ClientEmailCheck {
    let system: LocalSystem
    let check: StateCheck

    func run() async throws {
        let (missing, stale) = try await Self.inspect(system)
        for client in missing {
            var problem = StateProblem(
                path: check.relative(try guardFile(client.email)),
                reason: "client \(client.clientId) has no guard for its email \(client.email)",
                fix: .rebuild
            )
            if check.repairing {
                problem.repaired =
                    try await Self.addGuard(for: client, in: system) ? "rebuilt" : "another client holds the email"
            }
            check.record(problem)
        }
        for (email, clientId) in stale {
            var problem = StateProblem(
                path: check.relative(try guardFile(email)),
                reason: "the guard of email \(email) names client \(clientId), which does not have it",
                fix: .remove
            )
            if check.repairing {
                try await system.tables.deleteItem(
                    table: system.services.tableName(Tables.clientEmails),
                    key: ["email": .string(email)],
                    condition: .equals("client_id", .string(clientId))
                )
                problem.repaired = "removed"
            }
            check.record(problem)
        }
    }

    /// Adds the guards clients lack (a state of an earlier layout); a guard another client holds stays.
    static func addMissing(_ system: LocalSystem) async throws {
        for client in try await inspect(system).missing { _ = try await addGuard(for: client, in: system) }
    }

    /// Clients without their guard, and guards whose client does not have their email.
    private static func inspect(_ system: LocalSystem) async throws -> (missing: [Client], stale: [(String, String)]) {
        let clients = try await system.allItems(of: Tables.clients).compactMap { try? $0.decode(Client.self) }
        let guards = try await system.allItems(of: Tables.clientEmails)
        var holders: [String: String] = [:]
        for item in guards {
            if case .string(let email)? = item["email"], case .string(let id)? = item["client_id"] {
                holders[email] = id
            }
        }
        let byId = Dictionary(clients.map { ($0.clientId, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = clients.filter { holders[ClientEmailGuard.key($0.email)] == nil }
        let stale = holders.filter { email, id in byId[id].map { ClientEmailGuard.key($0.email) != email } ?? true }
            .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return (missing, stale)
    }

    private static func addGuard(for client: Client, in system: LocalSystem) async throws -> Bool {
        do {
            try await system.tables.putItem(
                table: system.services.tableName(Tables.clientEmails),
                item: ["email": .string(ClientEmailGuard.key(client.email)), "client_id": .string(client.clientId)],
                condition: .attributeNotExists("email")
            )
            return true
        } catch TableError.conditionalCheckFailed {
            return false
        }
    }

    private func guardFile(_ email: String) throws -> URL {
        let table = system.services.tableName(Tables.clientEmails)
        guard let tables = system.tables as? FileTableStore else { return check.root.appendingPathComponent(table) }
        return try tables.itemFile(table: table, key: ["email": .string(ClientEmailGuard.key(email))])
    }
}
