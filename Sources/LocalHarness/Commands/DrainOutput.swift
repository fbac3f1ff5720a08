import Foundation
import LocalAWS
import Shared

/// How the harness tells what a drain of the invocation queue did.
enum DrainOutput {
    /// After a command: only what went wrong or was recovered, on stderr, so stdout stays the command's.
    static func problems(_ report: DrainReport, console: Console) {
        for invocation in report.recovered {
            console.err("testex-local: re-queued \(describe(invocation)), left in flight by a process that died")
        }
        for outcome in report.outcomes {
            switch outcome {
            case .succeeded: continue
            case .willRetry, .deadLettered: console.err("testex-local: \(line(outcome, aligned: false))")
            }
        }
        for batch in report.streamBatches where batch.failure != nil {
            console.err("testex-local: \(line(batch, aligned: false))")
        }
        let failed = report.webhooks?.attempts.filter { $0.status == .retrying || $0.status == .deadLettered } ?? []
        for attempt in failed {
            console.err("testex-local: \(line(attempt, aligned: false))")
        }
    }

    /// For `queue drain`: every attempt and what waits, on stdout.
    static func all(_ report: DrainReport, console: Console) {
        for invocation in report.recovered {
            console.out("recovered      \(describe(invocation)) (left in flight by a process that died)")
        }
        for outcome in report.outcomes { console.out(line(outcome)) }
        for batch in report.streamBatches { console.out(line(batch)) }
        for attempt in report.webhooks?.attempts ?? [] { console.out(line(attempt)) }
        let next = report.waiting.map(\.nextAttemptAt).min()
        console.out(
            "ran \(report.outcomes.count); waiting \(report.waiting.count)\(next.map { ", next due at \($0)" } ?? "")"
        )
    }

    static func line(_ outcome: DrainOutcome, aligned: Bool = true) -> String {
        func label(_ text: String) -> String {
            aligned ? text.padding(toLength: 15, withPad: " ", startingAt: 0) : text + " "
        }
        switch outcome {
        case .succeeded(let invocation, _):
            return label("succeeded") + "\(describe(invocation)) on attempt \(invocation.attempts.count)"
        case .willRetry(let invocation, let error):
            return label("will retry")
                + "\(describe(invocation)): attempt \(invocation.attempts.count) failed with \(error); "
                + "next attempt at \(invocation.nextAttemptAt)"
        case .deadLettered(let letter):
            return label("dead-lettered") + "\(describe(letter.invocation)) (\(letter.condition.rawValue) after "
                + "\(letter.invocation.attempts.count) attempts): \(letter.error); see `testex-local queue dlq`"
        }
    }

    /// One stream batch: delivered, or sent to the dead-letter queue after its attempts.
    static func line(_ batch: StreamBatchOutcome, aligned: Bool = true) -> String {
        func label(_ text: String) -> String {
            aligned ? text.padding(toLength: 15, withPad: " ", startingAt: 0) : text + " "
        }
        guard let failure = batch.failure else {
            return label("delivered")
                + "\(batch.records) stream record(s) by \(batch.mapping) on attempt \(batch.attempts)"
        }
        return label("dead-lettered")
            + "\(batch.records) stream record(s) by \(batch.mapping) as \(batch.deadLetterId ?? "-") "
            + "(RetryAttemptsExhausted after \(batch.attempts) attempts): \(failure); see `testex-local queue dlq`"
    }

    /// One webhook attempt: delivered, recorded, to be retried, or dead-lettered.
    static func line(_ attempt: WebhookAttemptOutcome, aligned: Bool = true) -> String {
        func label(_ text: String) -> String {
            aligned ? text.padding(toLength: 15, withPad: " ", startingAt: 0) : text + " "
        }
        let what = "webhook \(attempt.deliveryId) (event \(attempt.eventId)) on attempt \(attempt.attempt)"
        let answer = attempt.statusCode.map { ": HTTP \($0)" } ?? attempt.error.map { ": \($0)" } ?? ""
        switch attempt.status {
        case .delivered: return label("delivered") + what + answer
        case .recorded: return label("recorded") + what + answer
        case .pending, .retrying:
            return label("will retry") + what + answer + "; next attempt at \(attempt.nextAttemptAt ?? "-")"
        case .deadLettered:
            return label("dead-lettered") + what + answer + "; see `testex-local webhooks list --status DEAD_LETTERED`"
        }
    }

    /// `NotificationService 6f1c...` with the invocation's request id.
    static func describe(_ invocation: QueuedInvocation) -> String {
        "\(invocation.function.rawValue) \(invocation.id)"
    }
}
