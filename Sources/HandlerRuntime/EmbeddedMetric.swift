import Foundation
import Shared
import WireFormat

/// The business events TESTEX counts, as CloudWatch metrics in the `TESTEX` namespace.
public enum BusinessMetric: String, Sendable, CaseIterable {
    case contractsCreated = "ContractsCreated"
    case contractsTerminated = "ContractsTerminated"
    case contractsSuspended = "ContractsSuspended"
    case contractsExpired = "ContractsExpired"
    case noticesSent = "NoticesSent"
    case noticesBounced = "NoticesBounced"
    case noticesSuppressed = "NoticesSuppressed"
    /// Invocations that failed with an internal error, and API answers of 500 and above.
    case errors = "Errors"
}

/// One metric value as a CloudWatch Embedded Metric Format document: a JSON log line from which
/// CloudWatch Logs extracts the metric, with no API call (`_aws.CloudWatchMetrics` names the
/// namespace, the dimension sets and the metric; the root holds the dimension and metric values).
public struct EmbeddedMetric: Sendable, Hashable {
    public static let namespace = "TESTEX"

    public var name: String
    public var unit: String
    public var value: Double
    public var time: Date
    /// Every dimension's value; `dimensionSets` names which combinations are metrics.
    public var dimensions: [String: String]
    public var dimensionSets: [[String]]
    /// Values kept with the line for reading, not dimensions (the request id, the function).
    public var properties: [String: String]

    public init(
        name: String,
        unit: String = "Count",
        value: Double,
        time: Date,
        dimensions: [String: String],
        dimensionSets: [[String]],
        properties: [String: String] = [:]
    ) {
        self.name = name
        self.unit = unit
        self.value = value
        self.time = time
        self.dimensions = dimensions
        self.dimensionSets = dimensionSets
        self.properties = properties
    }

    /// The EMF document, as one JSON line.
    public var line: String {
        var root = properties.mapValues(JSONValue.string).merging(dimensions.mapValues(JSONValue.string)) { $1 }
        root[name] = .number(Decimal(value))
        let directive: JSONValue = [
            "Namespace": .string(Self.namespace),
            "Dimensions": .array(dimensionSets.map { .array($0.map(JSONValue.string)) }),
            "Metrics": [["Name": .string(name), "Unit": .string(unit)]],
        ]
        root["_aws"] = [
            "Timestamp": .number(Decimal(Int64((time.timeIntervalSince1970 * 1000).rounded(.down)))),
            "CloudWatchMetrics": [directive],
        ]
        return JSON.string(JSONValue.object(root))
    }

    /// The metric values of an EMF log line (several when it names several metrics); empty for
    /// any other line.
    public static func parse(_ message: String) -> [EmbeddedMetric] {
        guard message.hasPrefix("{"), message.contains("\"_aws\""),
            case .object(let root)? = try? JSONValueParser.parse(Data(message.utf8)),
            case .object(let aws)? = root["_aws"], let milliseconds = aws["Timestamp"]?.numberValue,
            case .array(let directives)? = aws["CloudWatchMetrics"]
        else { return [] }
        let time = Date(timeIntervalSince1970: (milliseconds as NSDecimalNumber).doubleValue / 1000)
        return directives.flatMap { directive -> [EmbeddedMetric] in
            let sets = directive["Dimensions"]?.arrayValue?.map { $0.arrayValue?.compactMap(\.stringValue) ?? [] } ?? []
            let names = Set(sets.flatMap { $0 })
            let dimensions = Dictionary(
                uniqueKeysWithValues: names.compactMap { name in
                    root[name]?.stringValue.map { (name, $0) }
                }
            )
            return (directive["Metrics"]?.arrayValue ?? []).compactMap { definition in
                guard let name = definition["Name"]?.stringValue, let value = root[name]?.numberValue else {
                    return nil
                }
                return EmbeddedMetric(
                    name: name,
                    unit: definition["Unit"]?.stringValue ?? "None",
                    value: (value as NSDecimalNumber).doubleValue,
                    time: time,
                    dimensions: dimensions,
                    dimensionSets: sets
                )
            }
        }
    }
}

extension Logger {
    /// Writes a business metric to the log stream in Embedded Metric Format, whatever the log
    /// level: a count by environment, and by each `extra` dimension with it (e.g. the template).
    public func metric(_ metric: BusinessMetric, _ value: Int = 1, _ extra: [String: String] = [:]) {
        let base = metricDimensions
        var sets = [base.keys.sorted()]
        if !extra.isEmpty { sets.append((base.keys.sorted() + extra.keys.sorted())) }
        let line = EmbeddedMetric(
            name: metric.rawValue,
            value: Double(value),
            time: now(),
            dimensions: base.merging(extra) { $1 },
            dimensionSets: sets,
            properties: ["requestId": requestID, "function": function]
        ).line
        write(line)
    }
}
