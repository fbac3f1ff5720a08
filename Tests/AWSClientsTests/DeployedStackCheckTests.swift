import AWSClients
import Foundation
import LocalAWS
import Shared
import Testing

/// A deployed stack against what the code expects of it (`TESTEX_STACK`).
@Suite("Deployed stack check")
struct DeployedStackCheckTests {
    static let configuration = Configuration()

    static func outputs() -> [String: String] {
        var outputs: [String: String] = [:]
        for table in Tables.all {
            outputs[TemplateAPI.outputName(table: table)] = configuration.resourceName(table.name)
        }
        for stem in Buckets.stems { outputs[TemplateAPI.outputName(bucket: stem)] = configuration.resourceName(stem) }
        return outputs
    }

    static func stores(skipping table: String? = nil) async throws -> (MemoryTableStore, MemoryObjectStore) {
        let tables = MemoryTableStore()
        let objects = MemoryObjectStore()
        for definition in Tables.all where definition.name != table {
            try await tables.createTable(definition.physical(in: configuration))
        }
        for bucket in Buckets(configuration).all {
            try await objects.createBucket(bucket.name, versioned: bucket.versioned)
        }
        return (tables, objects)
    }

    @Test func aStackWithEveryTableAndBucketHasNoProblem() async throws {
        let (tables, objects) = try await Self.stores()
        let stack = DeployedStack(name: "testex", status: "CREATE_COMPLETE", outputs: Self.outputs())
        #expect(try await stack.problems(for: Self.configuration, tables: tables, objects: objects) == [])
    }

    @Test func aMissingTableAnOtherNameOrAFailedStackIsNamed() async throws {
        let (tables, objects) = try await Self.stores(skipping: "audit-logs")
        var outputs = Self.outputs()
        outputs["FilesBucketName"] = "someone-elses-files"
        let stack = DeployedStack(name: "testex", status: "CREATE_COMPLETE", outputs: outputs)
        let problems = try await stack.problems(for: Self.configuration, tables: tables, objects: objects)
        #expect(problems.contains("table development-testex-audit-logs of stack testex does not exist"), "\(problems)")
        #expect(problems.contains { $0.contains("names bucket someone-elses-files") }, "\(problems)")
        let failed = DeployedStack(name: "testex", status: "ROLLBACK_COMPLETE", outputs: outputs)
        let refused = try await failed.problems(for: Self.configuration, tables: tables, objects: objects)
        #expect(refused == ["stack testex is ROLLBACK_COMPLETE"])
    }

    @Test func aTableWithoutItsIndexOrStreamIsNamed() async throws {
        let tables = MemoryTableStore()
        let objects = MemoryObjectStore()
        for definition in Tables.all {
            var physical = definition.physical(in: Self.configuration)
            if definition.name == "contracts" {
                physical = TableDefinition(name: physical.name, partitionKey: physical.partitionKey, indexes: [])
            }
            try await tables.createTable(physical)
        }
        for bucket in Buckets(Self.configuration).all {
            try await objects.createBucket(bucket.name, versioned: bucket.versioned)
        }
        let stack = DeployedStack(name: "testex", status: "UPDATE_COMPLETE", outputs: Self.outputs())
        let problems = try await stack.problems(for: Self.configuration, tables: tables, objects: objects)
        #expect(
            problems == [
                "table development-testex-contracts of stack testex has other keys, indexes or stream "
                    + "than the code declares"
            ]
        )
    }
}
