import Foundation
import Testing

/// The SES mailbox simulator's feedback reaching NotificationService through the queue.
@Suite("SES feedback end to end")
struct SESFeedbackEndToEndTests {
    func table(_ harness: Harness, _ name: String) async throws -> [[String: Any]] {
        let scan = await harness.run("db", "scan", name)
        return try #require(
            try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [[String: Any]],
            "\(scan.stderr)"
        )
    }

    func notify(_ harness: Harness, _ address: String) async -> Harness.Result {
        await harness.run(
            "api",
            "POST",
            "/api/notifications",
            "--as",
            "system",
            "--body",
            #"{"template":"system-alert","to":["\#(address)"],"values":{"severity":"INFO","title":"t","message":"m","environment":"development"}}"#
        )
    }

    @Test func aHardBounceSuppressesTheClientAndTheNextNoticeIsNotSent() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        _ = await harness.run(
            "api",
            "POST",
            "/api/clients",
            "--as",
            "admin",
            "--body",
            #"{"client_id":"CL009BNC","name":"Bouncy Ltd","email":"bounce@simulator.amazonses.com"}"#
        )
        _ = await harness.run(
            "api",
            "POST",
            "/api/contracts",
            "--as",
            "admin",
            "--body",
            #"{"contract_id":"CT009BNC","client_id":"CL009BNC","contract_type":"SERVICE","start_date":"2026-01-01","end_date":"2027-06-30","value":10}"#
        )
        let suspended = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT009BNC/suspend",
            "--as",
            "admin",
            "--body",
            #"{"reason":"Audit"}"#
        )
        #expect(suspended.code == 0)

        let suppressions = try await table(harness, "suppressions")
        #expect(suppressions.map { $0["email_address"] as? String } == ["bounce@simulator.amazonses.com"])
        #expect(suppressions.first?["reason"] as? String == "BOUNCE")
        let feedback = try await table(harness, "email-feedback")
        #expect(feedback.first?["type"] as? String == "Bounce" && feedback.first?["subtype"] as? String == "Permanent")
        let bounced = try await table(harness, "notifications").filter { $0["contract_id"] as? String == "CT009BNC" }
        #expect(bounced.map { $0["status"] as? String } == ["BOUNCED"])

        let outboxBefore = harness.files(under: "ses/outbox")
        _ = await harness.run("api", "POST", "/api/contracts/CT009BNC/reactivate", "--as", "admin")
        #expect(harness.files(under: "ses/outbox") == outboxBefore, "a suppressed address gets nothing")
        let statuses = try await table(harness, "notifications").filter { $0["contract_id"] as? String == "CT009BNC" }
            .compactMap { $0["status"] as? String }
        #expect(statuses.sorted() == ["BOUNCED", "SUPPRESSED"])
    }

    @Test func aBouncedNoticeIsListedWithItsStatusHistoryToAdminsAndToItsClientOnly() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        _ = await harness.run(
            "api",
            "PUT",
            "/api/clients/CL001XYZ",
            "--as",
            "admin",
            "--body",
            #"{"email":"bounce@simulator.amazonses.com"}"#
        )
        let suspended = await harness.run(
            "api",
            "POST",
            "/api/contracts/CT001ABC/suspend",
            "--as",
            "admin",
            "--body",
            #"{"reason":"Audit"}"#
        )
        #expect(suspended.code == 0, "\(suspended.stderr)")
        let listed = await harness.run(
            "api",
            "GET",
            "/api/notifications?contract_id=CT001ABC&status=BOUNCED",
            "--as",
            "admin"
        )
        let items = try #require(try listed.json()["items"] as? [[String: Any]], "\(listed.stdout)")
        #expect(items.count == 1)
        let id = try #require(items.first?["notification_id"] as? String)
        let shown = try await harness.run("api", "GET", "/api/notifications/\(id)", "--as", "client:CL001XYZ").json()
        let history = (shown["status_history"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
        #expect(history == ["SENT", "BOUNCED"] && shown["error"] as? String == "smtp; 550 5.1.1 user unknown")
        let other = await harness.run("api", "GET", "/api/notifications/\(id)", "--as", "client:CL002ABC")
        #expect(other.stderr.contains("HTTP 404"), "another client's notification is absent to it")
        let otherList = try await harness.run(
            "api",
            "GET",
            "/api/notifications?contract_id=CT001ABC",
            "--as",
            "client:CL002ABC"
        ).json()
        #expect((otherList["items"] as? [Any])?.isEmpty == true)
    }

    @Test func complaintsSuppressSoftBouncesAndDeliveriesDoNotAndEachStatusFollowsSESsEvents() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        for address in [
            "complaint@simulator.amazonses.com", "ooto@simulator.amazonses.com", "success@simulator.amazonses.com",
            "suppressionlist@simulator.amazonses.com",
        ] {
            let sent = await notify(harness, address)
            #expect(sent.code == 0, "\(address): \(sent.stderr)")
        }
        let suppressed = try await table(harness, "suppressions").compactMap { $0["email_address"] as? String }
        #expect(Set(suppressed) == ["complaint@simulator.amazonses.com", "suppressionlist@simulator.amazonses.com"])
        let kinds = try await table(harness, "email-feedback").compactMap {
            "\($0["type"] ?? "")/\($0["subtype"] ?? "-")/\($0["detail"] ?? "-")"
        }
        #expect(
            kinds.sorted() == [
                "Bounce/Permanent/OnAccountSuppressionList", "Bounce/Transient/General", "Complaint/abuse/-",
            ]
        )
        let statuses = try await table(harness, "notifications")
            .filter {
                $0["template"] as? String == "system-alert" && $0["notification_id"] as? String != "NTSAMPLE000001"
            }
            .compactMap { log in (log["recipients"] as? [String])?.first.map { "\($0)=\(log["status"] ?? "")" } }
        #expect(
            Set(statuses) == [
                "complaint@simulator.amazonses.com=COMPLAINED", "ooto@simulator.amazonses.com=DELIVERED",
                "success@simulator.amazonses.com=DELIVERED", "suppressionlist@simulator.amazonses.com=BOUNCED",
            ]
        )
        let again = await notify(harness, "complaint@simulator.amazonses.com")
        #expect(try again.json()["status"] as? String == "SUPPRESSED")
    }
}
