import Foundation
import LocalAWS
import Shared
import WireFormat

/// The DynamoDB stand-in at a given table size: put, get, one client's contracts through the
/// index (always 10 items, so the cost can be compared across sizes), and a full scan.
enum TableBenchmark {
    static let benchClient = "CLBENCH0"

    /// Items per second of a full scan, page by page.
    static func scanRate(_ store: any TableStore, table: String) async throws -> Double {
        let start = ContinuousClock.now
        let scanned = try await Paginator(
            fetch: { try await store.scan(ScanRequest(table: table, limit: 1000, exclusiveStartKey: $0)) },
            next: \.lastEvaluatedKey
        ).items(\.items).count
        return Double(scanned) / (start.duration(to: .now).milliseconds / 1000)
    }

    static func run(size: Int, runs: Int) async throws -> [Figure] {
        let root = Measure.temporaryDirectory("table")
        defer { try? FileManager.default.removeItem(at: root) }
        let store: any TableStore = FileTableStore(root: root)
        let table = Tables.contracts.physical(in: Configuration())
        try await store.createTable(table)
        for index in 0..<size {
            try await store.putItem(
                table: table.name,
                item: item(index, client: index < 10 ? benchClient : "CL\(String(format: "%06d", index % 997))")
            )
        }
        let puts = try await Measure.milliseconds(runs: runs) {
            try await store.putItem(
                table: table.name,
                item: item(size + Int.random(in: 0..<1_000_000), client: "CLEXTRA0")
            )
        }
        let gets = try await Measure.milliseconds(runs: runs * 10) {
            _ = try await store.getItem(table: table.name, key: ["contract_id": .string(id(Int.random(in: 0..<size)))])
        }
        let queries = try await Measure.milliseconds(runs: runs * 10) {
            let page = try await store.query(
                QueryRequest(
                    table: table.name,
                    index: "client_id-index",
                    partitionKey: .string(benchClient),
                    limit: 100
                )
            )
            precondition(page.items.count == min(10, size))
        }
        let scanRate = try await scanRate(store, table: table.name)
        return [
            Figure("dynamodb.\(size).put", unit: "ms", samples: puts),
            Figure("dynamodb.\(size).get", unit: "ms", samples: gets),
            Figure(
                "dynamodb.\(size).query-client",
                unit: "ms",
                samples: queries,
                note: "10 items through client_id-index"
            ),
            Figure("dynamodb.\(size).scan", unit: "items/s", samples: [scanRate]),
        ]
    }

    static func id(_ index: Int) -> String { "CT" + String(format: "%06d", index) }

    static func item(_ index: Int, client: String) -> Item {
        [
            "contract_id": .string(id(index)), "client_id": .string(client),
            "status": .string(["ACTIVE", "SUSPENDED", "TERMINATED", "EXPIRED"][index % 4]),
            "contract_type": "SERVICE", "start_date": "2026-01-01", "end_date": "2027-12-31",
            "value": .number(Decimal(index)),
            "created_at": "2026-11-22T10:00:00.000Z", "updated_at": "2026-11-22T10:00:00.000Z", "version": 1,
            "description": .string(String(repeating: "x", count: 200)),
        ]
    }
}

/// The S3 stand-in with 10k objects under 100 prefixes, and the SES outbox.
enum ObjectBenchmark {
    static func run(objects count: Int, runs: Int) async throws -> [Figure] {
        let root = Measure.temporaryDirectory("s3")
        defer { try? FileManager.default.removeItem(at: root) }
        let store: any ObjectStore = FileObjectStore(root: root)
        try await store.createBucket("bench")
        let body = Data(repeating: 0x42, count: 1024)
        var index = 0
        let puts = try await Measure.milliseconds(runs: count) {
            try await store.putObject(
                bucket: "bench",
                key: "contracts/CT\(String(format: "%06d", index % 100))/FL\(index)/doc.pdf",
                data: body,
                contentType: "application/pdf",
                metadata: [:]
            )
            index += 1
        }
        let lists = try await Measure.milliseconds(runs: runs * 10) {
            let page = try await store.listObjectsV2(bucket: "bench", prefix: "contracts/CT000042/", delimiter: "/")
            precondition(page.commonPrefixes.count == count / 100)
        }
        let top = try await Measure.milliseconds(runs: runs) {
            _ = try await store.listObjectsV2(bucket: "bench", prefix: "contracts/", delimiter: "/")
        }
        return [
            Figure("s3.\(count).put", unit: "ms", samples: puts),
            Figure(
                "s3.\(count).list-prefix-delimiter",
                unit: "ms",
                samples: lists,
                note: "one contract's prefix, delimiter /"
            ),
            Figure(
                "s3.\(count).list-top-level",
                unit: "ms",
                samples: top,
                note: "contracts/ with delimiter /: 100 common prefixes"
            ),
        ]
    }

    static func mail(sends: Int, runs: Int) async throws -> [Figure] {
        let root = Measure.temporaryDirectory("ses")
        defer { try? FileManager.default.removeItem(at: root) }
        let outbox: any MailSender = FileMailOutbox(root: root, verifiedIdentities: ["noreply@testex-dev.com"])
        let rates = try await Measure.rate(runs: runs, count: sends) { index in
            _ = try await outbox.sendEmail(
                SendEmailRequest(
                    from: "noreply@testex-dev.com",
                    to: ["client\(index)@example.com"],
                    subject: "Termination of contract CT\(index)",
                    textBody: "Hello,\nterminated.",
                    htmlBody: "<p>Hello, terminated.</p>",
                    template: "termination-notice"
                )
            )
        }
        return [Figure("ses.send", unit: "messages/s", samples: rates)]
    }
}
