import Foundation
import Testing

/// The business metrics the functions log in Embedded Metric Format, summed by `metrics`.
@Suite("Business metrics")
struct MetricsTests {
    typealias Total = (sum: Double, by: [String: Double])

    static func totals(_ harness: Harness, _ words: String...) async throws -> [String: Total] {
        let result = await harness.run(["metrics", "--output", "json"] + words)
        #expect(result.code == 0, "\(result.stderr)")
        let metrics = try #require(try result.json()["metrics"] as? [[String: Any]])
        var totals: [String: (Double, [String: Double])] = [:]
        for metric in metrics {
            let name = try #require(metric["name"] as? String)
            totals[name] = (metric["sum"] as? Double ?? 0, metric["by_dimension"] as? [String: Double] ?? [:])
        }
        return totals
    }

    @Test func aTerminationCountsOneTerminatedContractAndOneTerminationNotice() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let before = try await Self.totals(harness)
        #expect(before["ContractsTerminated"]?.sum == 0)
        #expect(before["ContractsSuspended"]?.sum == 1, "the sample data suspends CT003GHI")
        let terminate = [
            "api", "POST", "/api/contracts/CT001ABC/terminate", "--as", "admin", "--body",
            #"{"reason":"OTHER"}"#,
        ]
        #expect(await harness.run(terminate).code == 0)
        _ = await harness.run(terminate)

        let after = try await Self.totals(harness)
        #expect(after["ContractsTerminated"]?.sum == 1, "a refused second termination counts nothing")
        #expect(after["NoticesSent"]?.by["Template=termination-notice"] == 1)
        #expect(after["Errors"]?.sum == 0)
        let text = await harness.run("metrics")
        #expect(text.stdout.contains("ContractsTerminated   1"), "\(text.stdout)")
    }

    @Test func bouncesAndSuppressionsAreCounted() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let body =
            #"{"template":"system-alert","to":["bounce@simulator.amazonses.com"],"values":{"severity":"INFO","title":"t","message":"m","environment":"development"}}"#
        for _ in 0..<2 { _ = await harness.run("api", "POST", "/api/notifications", "--as", "system", "--body", body) }
        let totals = try await Self.totals(harness)
        #expect(totals["NoticesBounced"]?.sum == 1)
        #expect(totals["NoticesSuppressed"]?.by["Template=system-alert"] == 1)
    }

    @Test func sinceLeavesOutWhatCameBefore() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        harness.environment["TESTEX_NOW"] = "2026-11-23T10:00:00Z"
        _ = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/terminate",
            "--as",
            "admin",
            "--body",
            #"{"reason":"OTHER"}"#
        )
        let later = try await Self.totals(harness, "--since", "2026-11-23")
        #expect(later["ContractsTerminated"]?.sum == 1 && later["ContractsCreated"]?.sum == 0)
    }
}
