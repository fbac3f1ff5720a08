import Cryptography
import Foundation
import Shared

/// Message ids shaped like SES's: `0100` and the send time in hex milliseconds, a random UUID,
/// and `-000000`, e.g. `0100019a3f2b1c4d-8e2f6a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b-000000`.
/// They sort by send time and double as file names, so only this shape is ever accepted back.
enum SESMessageID {
    static func make(at date: Date) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let time = String(milliseconds, radix: 16).leftPadded(to: 12)
        let random = SecureRandom.hex(count: 16)
        let groups = [8, 4, 4, 4, 12].reduce(into: (parts: [String](), rest: Substring(random))) { state, length in
            state.parts.append(String(state.rest.prefix(length)))
            state.rest = state.rest.dropFirst(length)
        }.parts
        return "0100" + time.suffix(12) + "-" + groups.joined(separator: "-") + "-000000"
    }

    /// Whether `id` has the shape `make` produces. Lower-case letters beyond `f` are accepted in
    /// the same groups, as emulators such as moto answer, so their ids can name kept copies.
    static func isValid(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        let lengths = [16, 8, 4, 4, 4, 12, 6]
        guard parts.count == lengths.count else { return false }
        return zip(parts, lengths).allSatisfy { part, length in
            part.utf8.count == length
                && part.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
        }
    }

    /// The Message-ID header value SES gives the message.
    static func header(for id: String) -> String { "<\(id)@email.amazonses.com>" }
}
