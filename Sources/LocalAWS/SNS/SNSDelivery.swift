import AWSEvents
import Foundation
import Shared
import WireFormat

/// What SNS hands a subscribed Lambda function when a message is published to a topic: one
/// record carrying the message text, as SNS invokes its Lambda subscribers (asynchronously).
public enum SNSDelivery {
    /// The event for one published message.
    public static func event(message: String, topicArn: String, subject: String? = nil, at date: Date) -> SNSEvent {
        let messageId = IDGenerator.requestID()
        let sns = SNSEvent.Message(
            messageId: messageId,
            topicArn: topicArn,
            subject: subject,
            message: message,
            timestamp: Timestamp.string(date),
            signatureVersion: "1",
            signature: "EXAMPLE",
            signingCertURL: "https://sns.\(region(of: topicArn)).amazonaws.com/SimpleNotificationService-local.pem",
            unsubscribeURL: "https://sns.\(region(of: topicArn)).amazonaws.com/"
                + "?Action=Unsubscribe&SubscriptionArn=\(topicArn):local"
        )
        return SNSEvent(records: [
            SNSEvent.Record(eventSubscriptionArn: "\(topicArn):\(IDGenerator.requestID())", sns: sns)
        ])
    }

    /// The ARN of a topic: `arn:aws:sns:<region>:<account>:<name>`.
    public static func topicArn(name: String, region: String, account: String) -> String {
        "arn:aws:sns:\(region):\(account):\(name)"
    }

    private static func region(of arn: String) -> String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 3 ? String(parts[3]) : "us-east-1"
    }
}
