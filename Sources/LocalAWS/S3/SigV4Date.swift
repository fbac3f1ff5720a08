import Foundation
import Shared
import Signing
import WireFormat

/// SigV4's two time texts: `20261122T100000Z` and the scope's day `20261122`.
struct SigV4Date {
    let date: Date
    let text: String
    var day: String { String(text.prefix(8)) }

    init(_ date: Date) {
        self.text = SignatureV4.timestamp(date)
        self.date = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    init?(parsing text: String) {
        guard ASCII.digits(text, as: "99999999T999999Z") else { return nil }
        let digits = Array(text.utf8)
        func part(_ range: Range<Int>) -> String { String(decoding: digits[range], as: UTF8.self) }
        let day = [part(0..<4), part(4..<6), part(6..<8)].joined(separator: "-")
        let time = [part(9..<11), part(11..<13), part(13..<15)].joined(separator: ":")
        guard let date = Timestamp.parse(day + "T" + time + "Z"), SigV4Date(date).text == text else { return nil }
        self.date = date
        self.text = text
    }
}
