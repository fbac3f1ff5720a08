import HandlerRuntime
import Shared

/// What SES tells about addresses: the suppression list and the bounces and complaints received.
extension DatabaseManagerHandler {
    /// Addresses are kept lowercased, so a lookup ignores case.
    func suppression(_ address: String) async throws -> DatabaseClient.Record<Suppression> {
        DatabaseClient.Record(
            try await store.get(
                Suppression.self,
                from: Tables.suppressions,
                key: ["email_address": .string(address.lowercased())]
            )
        )
    }

    func putSuppression(_ suppression: Suppression) async throws -> DatabaseClient.Record<Suppression> {
        try await store.replace(suppression, into: Tables.suppressions)
        return DatabaseClient.Record(suppression)
    }

    func putEmailFeedback(_ feedback: EmailFeedback) async throws -> DatabaseClient.Record<EmailFeedback> {
        try await store.replace(feedback, into: Tables.emailFeedback)
        return DatabaseClient.Record(feedback)
    }
}
