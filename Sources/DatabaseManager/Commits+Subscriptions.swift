import Foundation
import Shared
import WireFormat

extension Commits {
    /// A subscription created (its id must be free) or deleted (at the version read), with its
    /// audit entry, as one transaction.
    func commit(_ change: SubscriptionChange, before deadline: Date) async throws -> ChangeAcknowledgement {
        let table = services.tableName(Tables.subscriptions)
        let key: Item = ["subscription_id": .string(change.subscriptionId)]
        let write: TransactWriteItem
        if let subscription = change.subscription {
            guard subscription.subscriptionId == change.subscriptionId else {
                throw DomainError.malformed("the change of subscription \(change.subscriptionId) holds another")
            }
            write = .put(
                table: table,
                item: try Item(encoding: subscription),
                condition: store.versionCondition(change.expectedVersion, key: "subscription_id")
            )
        } else {
            let condition: Condition =
                change.expectedVersion.map { .equals("version", .number(Decimal($0))) }
                ?? .attributeExists("subscription_id")
            write = .delete(table: table, key: key, condition: condition)
        }
        try await store.transact([write, try audit(change.audit)], before: deadline) { failed in
            guard failed == 0 else { return .internal("audit log id \(change.audit.logId) is taken") }
            let expected = change.subscription == nil ? change.expectedVersion ?? 0 : change.expectedVersion
            return try await store.conflict(
                table: Tables.subscriptions,
                key: key,
                expectedVersion: expected,
                what: "subscription \(change.subscriptionId)"
            )
        }
        return ChangeAcknowledgement(key: change.subscriptionId, version: change.subscription?.version)
    }
}
