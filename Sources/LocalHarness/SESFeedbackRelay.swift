import AWSEvents
import Foundation
import LocalAWS
import Shared
import WireFormat

/// SES's feedback path as deployed: SES publishes bounces and complaints to the SNS topic
/// `{env}-testex-ses-feedback`, and SNS invokes NotificationService asynchronously with them. The
/// SES stand-in calls `sink`; the local Lambda is connected once the system is built.
final class SESFeedbackRelay: @unchecked Sendable {
    private let lambda = Locked<LocalLambda?>(nil)
    private let topicArn: String
    private let clock: Clock

    init(configuration: Configuration, clock: Clock) {
        self.topicArn = SNSDelivery.topicArn(
            name: configuration.resourceName("ses-feedback"),
            region: configuration.region,
            account: LocalSystem.account
        )
        self.clock = clock
    }

    func connect(_ lambda: LocalLambda) {
        self.lambda.withLock { $0 = lambda }
    }

    var sink: MailFeedbackSink {
        { [self] notification in await deliver(notification) }
    }

    private func deliver(_ notification: SESNotification) async {
        guard let lambda = lambda.withLock({ $0 }) else { return }
        let event = SNSDelivery.event(message: JSON.string(notification), topicArn: topicArn, at: clock.now())
        do {
            try await lambda.invokeAsync(.notificationService, event, parent: nil)
        } catch {
            FileHandle.standardError.write(
                Data("testex-local: could not deliver SES feedback \(notification.mail.messageId): \(error)\n".utf8)
            )
        }
    }
}
