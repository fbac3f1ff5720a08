import Foundation
import Shared
import Testing

/// The rule that says what follows a committed change of a contract, on its own: the images of
/// one stream record in, the steps out.
@Suite("Closing steps of a change")
struct ClosingStepTests {
    static let active = Contract(
        contractId: "CT001ABC",
        clientId: "CL001XYZ",
        contractType: "SERVICE",
        status: .active,
        startDate: "2026-01-01",
        endDate: "2027-12-31",
        value: 100,
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z"
    )

    static func changed(_ change: (inout Contract) -> Void, from before: Contract = active) -> Contract {
        var after = before
        change(&after)
        after.version += 1
        return after
    }

    static let terminated = changed {
        $0.status = .terminated
        $0.terminationReason = "MUTUAL_AGREEMENT"
        $0.terminationEffectiveDate = "2026-11-22"
    }

    @Test func aTerminationIsBackedUpArchivedAndNoticedOnceWhoeverDeliversIt() {
        let steps = ClosingStep.of(old: Self.active, new: Self.terminated, eventId: "e1")
        let again = ClosingStep.of(old: Self.active, new: Self.terminated, eventId: "e2")
        #expect(steps.count == 3 && steps[0] == .backup(Self.active) && steps[1] == .archive(contractId: "CT001ABC"))
        guard case .notice(let template, let values, let id) = steps[2], case .notice(_, _, let otherId) = again[2]
        else {
            Issue.record("no notice: \(steps)")
            return
        }
        #expect(
            template == .terminationNotice && values["reason"] == "MUTUAL_AGREEMENT"
                && values["effective_date"] == "2026-11-22"
        )
        #expect(
            id == NotificationID.terminationNotice("CT001ABC") && id == otherId,
            "a contract's termination notice has one id"
        )
    }

    @Test func aScheduledTerminationNoticesNowAndIsOnlyBackedUpAndArchivedWhenFinal() {
        let scheduled = Self.changed {
            $0.pendingTermination = true
            $0.terminationReason = "CONVENIENCE"
            $0.terminationEffectiveDate = "2026-12-31"
        }
        let notice = ClosingStep.of(old: Self.active, new: scheduled, eventId: "e1")
        guard case .notice(.terminationScheduled, let values, _)? = notice.first, notice.count == 1 else {
            Issue.record("\(notice)")
            return
        }
        #expect(values["effective_date"] == "2026-12-31")
        let final = Self.changed(
            {
                $0.status = .terminated
                $0.pendingTermination = nil
            },
            from: scheduled
        )
        #expect(
            ClosingStep.of(old: scheduled, new: final, eventId: "e2") == [
                .backup(scheduled), .archive(contractId: "CT001ABC"),
            ]
        )
    }

    @Test func statusChangesAreNoticedWithTheirReason() {
        let suspended = Self.changed {
            $0.status = .suspended
            $0.statusReason = "unpaid invoice"
        }
        guard
            case .notice(.statusUpdate, let values, let id)? = ClosingStep.of(
                old: Self.active,
                new: suspended,
                eventId: "e1"
            ).first
        else {
            Issue.record("no notice")
            return
        }
        #expect(values == ["status": "SUSPENDED", "reason": "unpaid invoice"])
        #expect(id == NotificationID.derived(from: "stream#e1"))
        let expired = Self.changed { $0.status = .expired }
        guard
            case .notice(.statusUpdate, let expiry, let expiryId)? = ClosingStep.of(
                old: Self.active,
                new: expired,
                eventId: "e3"
            ).first
        else {
            Issue.record("no expiry notice")
            return
        }
        #expect(expiry["reason"] == "The contract reached its end date, 2027-12-31.")
        #expect(expiryId == NotificationID.derived(from: "expiry#CT001ABC#2027-12-31"))
    }

    @Test func aCancelledTerminationIsNoticedAndOtherChangesAreNot() {
        let scheduled = Self.changed {
            $0.pendingTermination = true
            $0.terminationEffectiveDate = "2026-12-31"
        }
        let cancelled = Self.changed(
            {
                $0.pendingTermination = nil
                $0.terminationEffectiveDate = nil
                $0.statusReason = "renewed"
            },
            from: scheduled
        )
        guard
            case .notice(.statusUpdate, let values, _)? = ClosingStep.of(old: scheduled, new: cancelled, eventId: "e1")
                .first
        else {
            Issue.record("no notice")
            return
        }
        #expect(values["reason"] == "The termination scheduled for 2026-12-31 was cancelled: renewed")
        #expect(ClosingStep.of(old: Self.active, new: Self.changed { $0.description = "new" }, eventId: "e2").isEmpty)
        #expect(ClosingStep.of(old: nil, new: Self.active, eventId: "e3").isEmpty)
        let deleted = ClosingStep.of(old: Self.active, new: nil, eventId: "e4")
        #expect(
            deleted == [.archive(contractId: Self.active.contractId)],
            "a deleted contract's documents leave the files bucket"
        )
    }
}
