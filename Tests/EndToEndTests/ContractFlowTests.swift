import Foundation
import Testing

@Suite("Contracts and clients through testex-local")
struct ContractFlowTests {
    @Test func initWithSampleDataThenGetPrintsTheSeedContract() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let result = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "admin")
        #expect(result.code == 0)
        #expect(result.stderr.hasPrefix("HTTP 200"))
        let contract = try result.json()
        #expect(contract["contract_id"] as? String == "CT001ABC")
        #expect(contract["client_id"] as? String == "CL001XYZ")
        #expect(contract["status"] as? String == "ACTIVE")
        #expect(result.stdout.contains("\"value\" : 50000"))
    }

    @Test func createUpdateListAndDeleteAContract() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let body =
            #"{"client_id":"CL001XYZ","contract_type":"SUPPLY","start_date":"2026-12-01","end_date":"2027-11-30","value":"1234.56"}"#
        let created = await harness.run("api", "POST", "/api/contracts", "--body", body, "--as", "system")
        #expect(created.code == 0)
        #expect(created.stderr.hasPrefix("HTTP 201"))
        let id = try #require(try created.json()["contract_id"] as? String)
        #expect(id.hasPrefix("CT") && id.count == 8)

        let updated = await harness.run(
            "api",
            "PUT",
            "/api/contracts/\(id)",
            "--body",
            #"{"value": 2000, "expected_version": 1}"#,
            "--as",
            "admin"
        )
        #expect(updated.code == 0)
        let after = try updated.json()
        #expect(after["version"] as? Int == 2)
        #expect((after["value"] as? NSNumber)?.intValue == 2000)

        let stale = await harness.run(
            "api",
            "PUT",
            "/api/contracts/\(id)",
            "--body",
            #"{"value": 3000, "expected_version": 1}"#,
            "--as",
            "admin"
        )
        #expect(stale.code == 4)
        #expect(stale.stderr.hasPrefix("HTTP 409"))

        let listed = await harness.run("api", "GET", "/api/contracts?client_id=CL001XYZ&status=ACTIVE", "--as", "admin")
        let items = try #require(try listed.json()["items"] as? [[String: Any]])
        #expect(Set(items.compactMap { $0["contract_id"] as? String }) == ["CT001ABC", "CT002DEF", id])

        let deleted = await harness.run("api", "DELETE", "/api/contracts/\(id)", "--as", "admin")
        #expect(deleted.code == 0)
        let gone = await harness.run("api", "GET", "/api/contracts/\(id)", "--as", "admin")
        #expect(gone.code == 4)
        #expect(gone.stderr.hasPrefix("HTTP 404"))

        let audit = await harness.run("api", "GET", "/api/contracts/\(id)/audit", "--as", "admin")
        let actions = try #require(try audit.json()["items"] as? [[String: Any]]).compactMap { $0["action"] as? String }
        #expect(actions.sorted() == ["CREATE_CONTRACT", "DELETE_CONTRACT", "UPDATE_CONTRACT"])
    }

    @Test func listsPageThroughTheStatusIndexWithNextToken() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let path = "/api/contracts?status=ACTIVE&limit=1" + (token.map { "&next_token=\($0)" } ?? "")
            let result = await harness.run("api", "GET", path, "--as", "admin")
            #expect(result.code == 0, "\(result.stderr)")
            let page = try result.json()
            seen += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["contract_id"] as? String }
            token = page["next_token"] as? String
            pages += 1
        } while token != nil && pages < 10
        #expect(seen.sorted() == ["CT001ABC", "CT002DEF", "CT004JKL"])
        #expect(pages >= 3)
    }

    @Test func clientsSeeOnlyTheirOwnContracts() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let own = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "client:CL001XYZ")
        #expect(own.code == 0)
        let other = await harness.run("api", "GET", "/api/contracts/CT003GHI", "--as", "client:CL001XYZ")
        #expect(other.stderr.hasPrefix("HTTP 404"))
        let list = await harness.run("api", "GET", "/api/contracts", "--as", "client:CL001XYZ")
        let ids = try #require(try list.json()["items"] as? [[String: Any]]).compactMap { $0["client_id"] as? String }
        #expect(!ids.isEmpty && ids.allSatisfy { $0 == "CL001XYZ" })
        let anonymous = await harness.run("api", "GET", "/api/contracts/CT001ABC")
        #expect(anonymous.stderr.hasPrefix("HTTP 401"))
        let create = await harness.run("api", "POST", "/api/contracts", "--body", "{}", "--as", "client:CL001XYZ")
        #expect(create.stderr.hasPrefix("HTTP 403"))
    }

    @Test func clientsCanBeCreatedReadUpdatedAndListed() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let created = await harness.run(
            "api",
            "POST",
            "/api/clients",
            "--body",
            #"{"name":"Initech","email":"ops@initech.example"}"#,
            "--as",
            "admin"
        )
        #expect(created.stderr.hasPrefix("HTTP 201"))
        let id = try #require(try created.json()["client_id"] as? String)
        let duplicate = await harness.run(
            "api",
            "POST",
            "/api/clients",
            "--body",
            #"{"name":"Other","email":"ops@initech.example"}"#,
            "--as",
            "admin"
        )
        #expect(duplicate.stderr.hasPrefix("HTTP 409"))
        let updated = await harness.run(
            "api",
            "PUT",
            "/api/clients/\(id)",
            "--body",
            #"{"phone":"+1 555 0199"}"#,
            "--as",
            "admin"
        )
        #expect(try updated.json()["phone"] as? String == "+1 555 0199")
        let byEmail = await harness.run("api", "GET", "/api/clients?email=ops@initech.example", "--as", "admin")
        #expect((try byEmail.json()["items"] as? [[String: Any]])?.first?["client_id"] as? String == id)
        let got = await harness.run("api", "GET", "/api/clients/\(id)", "--as", "system")
        #expect(try got.json()["name"] as? String == "Initech")
    }

    @Test func theSameRequestWorksAsAnHTTPAPIEvent() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let result = await harness.run("api", "GET", "/api/contracts/CT001ABC", "--as", "admin", "--v2")
        #expect(result.code == 0)
        #expect(try result.json()["contract_id"] as? String == "CT001ABC")
    }
}
