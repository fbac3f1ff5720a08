import Foundation

/// Lambda's service limits that shape what a function accepts.
public enum LambdaLimits {
    /// The largest synchronous (RequestResponse) invocation payload.
    public static let maximumPayloadBytes = 6 * 1024 * 1024
}
