import Foundation
import LocalAWS
import Shared
import WireFormat

/// Documents across the files table and the buckets: each file record's object must hold the
/// bytes the record describes, and each object of the files and archives buckets must be named
/// by a record. An object no record names is what an upload stopped before its record, or an
/// archive or delete stopped half-way, leaves behind: never an acknowledged document.
struct DocumentCheck {
    let system: LocalSystem
    let check: StateCheck

    func run() async throws {
        let table = system.services.tableName(Tables.files)
        guard try await system.tables.describeTable(table) != nil else { return }
        var named = Set<String>()
        for item in try await scan(table) {
            guard let record = try? JSONValue.object(item).decode(FileRecord.self) else {
                check.report(try itemFile(table, item), "not a valid file record")
                continue
            }
            named.insert("\(record.bucket)/\(record.key)")
            try await checkBytes(of: record, in: table)
        }
        let buckets = Buckets(system.configuration)
        for bucket in [buckets.files, buckets.archives] {
            for key in try await keys(in: bucket) where !named.contains("\(bucket)/\(key)") {
                var problem = StateProblem(
                    path: path(bucket, key),
                    reason: "document object no file record names (an interrupted upload, archive or delete)",
                    fix: .remove
                )
                if check.repairing {
                    try await system.objects.deleteObject(bucket: bucket, key: key)
                    problem.repaired = "removed"
                }
                check.record(problem)
            }
        }
    }

    /// A record whose bytes are missing or differ cannot be repaired from the state: reported.
    private func checkBytes(of record: FileRecord, in table: String) async throws {
        let file = try itemFile(table, ["file_id": .string(record.fileId)])
        let found: S3Object?
        do {
            found = try await system.objects.getObject(bucket: record.bucket, key: record.key)
        } catch {
            check.report(file, "the bytes of document \(record.fileId) cannot be read (\(error))")
            return
        }
        guard let object = found else {
            check.report(
                file,
                "the bytes of document \(record.fileId) are missing from s3://\(record.bucket)/\(record.key)"
            )
            return
        }
        let etag = ObjectStoreRules.etag(of: object.data)
        if object.data.count != record.size || etag != record.etag {
            check.report(
                file,
                "s3://\(record.bucket)/\(record.key) holds other bytes than document \(record.fileId) "
                    + "(record: \(record.size) bytes, ETag \(record.etag); object: \(object.data.count), \(etag))"
            )
        }
    }

    private func scan(_ table: String) async throws -> [Item] {
        try await Paginator(
            fetch: { try await system.tables.scan(ScanRequest(table: table, limit: 1000, exclusiveStartKey: $0)) },
            next: \.lastEvaluatedKey
        ).items(\.items)
    }

    private func keys(in bucket: String) async throws -> [String] {
        try await Paginator(
            fetch: { try await system.objects.listObjectsV2(bucket: bucket, continuationToken: $0) },
            next: \.nextContinuationToken
        ).items { $0.contents.map(\.key) }
    }

    private func itemFile(_ table: String, _ key: Item) throws -> URL {
        guard let tables = system.tables as? FileTableStore else { return URL(fileURLWithPath: table) }
        return try tables.itemFile(table: table, key: key)
    }

    private func path(_ bucket: String, _ key: String) -> String {
        guard let objects = system.objects as? FileObjectStore else { return "s3://\(bucket)/\(key)" }
        return check.relative(objects.metadataFile(bucket: bucket, key: key))
    }
}
