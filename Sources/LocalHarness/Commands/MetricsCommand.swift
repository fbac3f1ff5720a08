import Foundation
import HandlerRuntime
import Shared
import WireFormat

/// `metrics [--since TIME]`: the business metrics the functions wrote to their log streams in
/// Embedded Metric Format, summed as CloudWatch would sum them: one total per metric (every
/// business metric, zero included), then one per value of each further dimension (a template).
enum MetricsCommand {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let since = try context.arguments.option("--since").map(parseTime)
        try context.arguments.finish()
        let system = try await context.openSystem()
        var metrics: [EmbeddedMetric] = []
        for group in try await system.logs.groups() {
            for event in try await system.logs.read(group: group, stream: nil) {
                // Written at or after `since`, to the millisecond EMF keeps.
                metrics += EmbeddedMetric.parse(event.message).filter { metric in
                    since.map { metric.time.addingTimeInterval(0.0005) >= $0 } ?? true
                }
            }
        }
        let totals = MetricTotals(metrics)
        context.console.out(format == .json ? JSON.string(totals, pretty: true) : totals.text)
        return TestexLocal.Exit.success
    }

    static func parseTime(_ text: String) throws -> Date {
        if let time = Timestamp.parse(text) ?? Timestamp.parseDay(text) { return time }
        throw UsageError("--since must be an ISO-8601 time such as 2026-11-22T10:00:00Z, or a day such as 2026-11-22")
    }
}

/// Sums by metric, and by metric and each value of the dimensions beyond the environment.
struct MetricTotals: Encodable {
    struct Total: Encodable {
        var name: String
        var sum: Double
        /// `Template=termination-notice` and the like, with their sums.
        var byDimension: [String: Double]

        enum CodingKeys: String, CodingKey {
            case name, sum
            case byDimension = "by_dimension"
        }
    }

    var metrics: [Total]

    init(_ values: [EmbeddedMetric]) {
        var totals: [String: Total] = [:]
        for metric in BusinessMetric.allCases {
            totals[metric.rawValue] = Total(name: metric.rawValue, sum: 0, byDimension: [:])
        }
        for value in values {
            var total = totals[value.name] ?? Total(name: value.name, sum: 0, byDimension: [:])
            total.sum += value.value
            for (name, dimension) in value.dimensions where name != "Environment" {
                total.byDimension["\(name)=\(dimension)", default: 0] += value.value
            }
            totals[value.name] = total
        }
        let order = BusinessMetric.allCases.map(\.rawValue)
        func rank(_ total: Total) -> (Int, String) { (order.firstIndex(of: total.name) ?? order.count, total.name) }
        metrics = totals.values.sorted { rank($0) < rank($1) }
    }

    var text: String {
        func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
        return metrics.map { total in
            let parts = total.byDimension.sorted { $0.key < $1.key }.map { "\($0.key) \(number($0.value))" }
            let name = total.name.padding(toLength: 22, withPad: " ", startingAt: 0)
            return "\(name)\(number(total.sum))" + (parts.isEmpty ? "" : "  (" + parts.joined(separator: ", ") + ")")
        }.joined(separator: "\n")
    }
}
