import Foundation
import LocalHarness
import Shared
import Testing
import WireFormat

/// The internal functions invoked directly, as a compromised function or a stray invoke
/// permission would: each checks the caller of its request by the same rule the API applies.
@Suite("Internal functions check their callers")
struct InternalCallerTests {
    static let ownerOfCT003 = #"{"sub":"client-cl002abc","role":"client","client_id":"CL002ABC"}"#
    static let otherClient = #"{"sub":"client-cl001xyz","role":"client","client_id":"CL001XYZ"}"#

    /// The invocation's answer, or the status of the domain error it raised.
    func invoke(_ test: TestSystem, _ function: FunctionName, _ json: String) async -> (status: Int, body: JSONValue?) {
        do {
            let data = try await test.system.invoke(function, payload: Data(json.utf8))
            return (200, try? JSON.decode(JSONValue.self, from: data))
        } catch let error as FunctionError {
            return (error.domainError.status, nil)
        } catch {
            return (500, nil)
        }
    }

    @Test func anotherClientsIdempotencyKeyDoesNotReplayItsAnswer() async throws {
        let test = try await TestSystem()
        let terminate =
            #"{"action":"terminate_contract","contract_id":"CT004JKL","fields":{"reason":"CONVENIENCE"},"#
            + #""idempotency_key":"k-1","caller":"#
        let first = await invoke(test, .contractProcessor, terminate + Self.ownerOfCT003 + "}")
        #expect(first.status == 200)
        let stolen = await invoke(test, .contractProcessor, terminate + Self.otherClient + "}")
        #expect(stolen.status == 404, "another client got \(String(describing: stolen.body))")
    }

    @Test(arguments: [
        #"{"action":"archive_contract","contract_id":"CT002DEF","caller":"# + ownerOfCT003 + "}",
        #"{"action":"backup_contract","contract_id":"CT002DEF","caller":"# + otherClient
            + #","contract":{"contract_id":"CT002DEF","#
            + #""client_id":"CL001XYZ","contract_type":"X","status":"ACTIVE","start_date":"2026-01-01","end_date":"2027-01-01","#
            + #""value":1,"created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z","version":1}}"#,
        #"{"action":"delete","contract_id":"CT002DEF","file_id":"FLSAMPLE0001","caller":"# + otherClient + "}",
        #"{"action":"archive_contract","contract_id":"CT002DEF","caller":{"sub":"integration","role":"system"}}"#,
    ])
    func fileHandlerRefusesWhatTheCallersRoleMayNotDo(_ request: String) async throws {
        let test = try await TestSystem()
        let before = try await test.system.allItems(of: Tables.files)
        let backups = Buckets(test.system.configuration).backups
        let versions = try await test.system.objects.listObjectVersions(bucket: backups, prefix: "")
        let answer = await invoke(test, .fileHandler, request)
        #expect(answer.status == 403, "\(request): \(String(describing: answer.body))")
        #expect(try await test.system.allItems(of: Tables.files) == before)
        #expect(try await test.system.objects.listObjectVersions(bucket: backups, prefix: "").count == versions.count)
    }

    @Test func aClientCannotHaveMailSent() async throws {
        let test = try await TestSystem()
        let before = try await test.system.outbox.list().count
        let answer = await invoke(
            test,
            .notificationService,
            #"{"template":"system-alert","to":["victim@example.com"],"#
                + #""values":{"severity":"INFO","title":"t","message":"m","environment":"e"},"caller":"#
                + Self.otherClient + "}"
        )
        #expect(answer.status == 403)
        #expect(try await test.system.outbox.list().count == before)
    }

    @Test(arguments: ["delete_contract", "suspend_contract", "terminate_contract"])
    func theSystemRoleCannotDeleteSuspendOrTerminate(_ action: String) async throws {
        let test = try await TestSystem()
        let answer = await invoke(
            test,
            .contractProcessor,
            #"{"action":"\#(action)","contract_id":"CT001ABC","#
                + #""fields":{"reason":"OTHER"},"caller":{"sub":"integration","role":"system"}}"#
        )
        #expect(answer.status == 403)
        #expect(try await test.contract("CT001ABC")?.version == 1)
    }

    @Test func databaseManagerRequiresACaller() async throws {
        let test = try await TestSystem()
        let answer = await invoke(test, .databaseManager, #"{"operation":"get_contract","contract_id":"CT001ABC"}"#)
        #expect(answer.status == 400)
    }

    @Test(arguments: [
        #"{"operation":"get_user","username":"admin","caller":{"sub":"t-admin","role":"admin"}}"#,
        #"{"operation":"get_user","username":"admin","caller":{"sub":"contracts-stream","role":"service"}}"#,
        #"{"operation":"put_user","caller":{"sub":"t-admin","role":"admin"},"user":{"username":"mallory","role":"admin","#
            + #""password_hash":"x","created_at":"2026-11-22T10:00:00.000Z","updated_at":"2026-11-22T10:00:00.000Z","version":1}}"#,
    ])
    func onlyTheUserPoolReadsOrWritesUsers(_ request: String) async throws {
        let test = try await TestSystem()
        _ = try await SampleUsers.seed(test.system)
        let answer = await invoke(test, .databaseManager, request)
        #expect(answer.status == 403, "\(String(describing: answer.body))")
        #expect(try await test.system.allItems(of: Tables.users).allSatisfy { $0["username"] != "mallory" })
    }

    @Test func aClientReadsOnlyItsOwnRecordsFromDatabaseManager() async throws {
        let test = try await TestSystem()
        let contract = await invoke(
            test,
            .databaseManager,
            #"{"operation":"get_contract","contract_id":"CT003GHI","caller":"#
                + Self.otherClient + "}"
        )
        #expect(contract.status == 200 && (contract.body?["record"] ?? .null) == .null)
        let list = await invoke(
            test,
            .databaseManager,
            #"{"operation":"list_contracts","caller":"# + Self.otherClient + "}"
        )
        let ids = list.body?["items"]?.arrayValue?.compactMap { $0["client_id"]?.stringValue } ?? []
        #expect(!ids.isEmpty && ids.allSatisfy { $0 == "CL001XYZ" })
    }

    @Test func aCommitMustNameItsCallerAsTheAuditActor() async throws {
        let test = try await TestSystem()
        let contract = try #require(try await test.contract("CT001ABC"))
        var after = contract
        after.value = 1
        after.version += 1
        let audit = AuditLog(
            logId: "ALFORGED00001",
            contractId: "CT001ABC",
            entityType: "contract",
            entityId: "CT001ABC",
            action: "UPDATE_CONTRACT",
            actor: "someone-else",
            actorRole: "admin",
            timestamp: "2026-11-22T10:00:00.000Z",
            requestId: "forged"
        )
        let change = ContractChange(contractId: "CT001ABC", contract: after, expectedVersion: 1, audit: audit)
        var payload = try #require(try JSONValue(encoding: DatabaseRequest.commitContract(change)).objectValue)
        payload["caller"] = try JSONValue(encoding: TestSystem.admin)
        let answer = await invoke(test, .databaseManager, JSON.string(JSONValue.object(payload)))
        #expect(answer.status == 403)
        #expect(try await test.contract("CT001ABC")?.version == 1)
    }
}
