import Foundation
import WireFormat

// AWS omits collections or sends them as null depending on the source and the console that built
// the event; the event types read both as empty so handlers never branch on it.
extension KeyedDecodingContainer {
    func decodeOrEmpty<Element: Decodable>(forKey key: Key) throws -> [Element] {
        try decodeIfPresent([Element].self, forKey: key) ?? []
    }

    func decodeOrEmpty<Value: Decodable>(forKey key: Key) throws -> [String: Value] {
        try decodeIfPresent([String: Value].self, forKey: key) ?? [:]
    }
}

extension JSONValue {
    /// The value as claim text: scalars as written, arrays and objects as compact JSON, null as nil.
    var claimText: String? {
        switch self {
        case .string(let value): return value
        case .number(let value): return value.description
        case .bool(let value): return value ? "true" : "false"
        case .null: return nil
        case .array, .object: return JSON.string(self)
        }
    }

    var isScalar: Bool {
        switch self {
        case .string, .number, .bool: return true
        case .null, .array, .object: return false
        }
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// Authorizers send claims as strings, numbers, booleans or arrays; handlers compare text.
    var claimStrings: [String: String] {
        compactMapValues(\.claimText)
    }
}

/// Parses the ISO-8601 timestamps AWS writes, with or without fractional seconds.
enum AWSTimestamp {
    static func date(from text: String) -> Date? {
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return (try? withFraction.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}

/// Where a batch of `Records` comes from, as its first record says: DynamoDB Streams and S3 write
/// `eventSource` (`aws:dynamodb`, `aws:s3`), SNS writes `EventSource`, so a function that takes two
/// kinds of batch tells them apart before decoding either.
public enum RecordBatchSource {
    private struct Batch: Decodable {
        struct Source: Decodable {
            let eventSource: String?
        }

        let records: [Source]

        enum CodingKeys: String, CodingKey {
            case records = "Records"
        }
    }

    /// Whether the batch's records are DynamoDB stream records.
    public static func isDynamoDBStream(_ decoder: Decoder) throws -> Bool {
        try Batch(from: decoder).records.first?.eventSource == "aws:dynamodb"
    }
}
