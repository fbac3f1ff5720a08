import AWSClients
import Foundation
import Shared
import Testing

extension DynamoDBTableStoreTests {
    /// moto stores numbers and takes start keys DynamoDB refuses; the client refuses them first,
    /// with DynamoDB's messages, so the aws backend on moto answers as on DynamoDB.
    @Test func numbersAndStartKeysDynamoDBRefusesAreRefusedBeforeSending() async throws {
        try await withTable { store, table in
            let overflow = TableError.validation(
                "Number overflow. Attempting to store a number with magnitude larger than supported range"
            )
            await #expect(throws: overflow) {
                try await store.putItem(
                    table: table,
                    item: ["contract_id": "CT1", "value": .number(Decimal(string: "1e126")!)]
                )
            }
            await #expect(
                throws: TableError.validation("Attempting to store more than 38 significant digits in a Number")
            ) {
                _ = try await store.updateItem(
                    table: table,
                    key: ["contract_id": "CT1"],
                    actions: [.set("value", .number(Decimal(string: "123456789012345678901234567890123456789")!))],
                    condition: nil
                )
            }
            #expect(try await store.getItem(table: table, key: ["contract_id": "CT1"]) == nil, "nothing reached moto")
            for id in ["CT1", "CT2", "CT3"] {
                try await store.putItem(
                    table: table,
                    item: ["contract_id": .string(id), "client_id": "CL1", "status": "ACTIVE"]
                )
            }
            let page = try await store.query(
                QueryRequest(table: table, index: "client_id-index", partitionKey: "CL1", limit: 1)
            )
            let key = try #require(page.lastEvaluatedKey)
            await #expect(
                throws: TableError.validation(
                    "The provided starting key is outside query boundaries based on provided conditions"
                )
            ) {
                _ = try await store.query(
                    QueryRequest(table: table, index: "client_id-index", partitionKey: "CL2", exclusiveStartKey: key)
                )
            }
            await #expect(
                throws: TableError.validation(
                    "The provided starting key is invalid: The provided key element does not match the schema"
                )
            ) {
                _ = try await store.scan(ScanRequest(table: table, exclusiveStartKey: key))
            }
        }
    }
}
