import Foundation
import Shared

/// Signature Version 4 for query-string authentication (presigned URLs), as S3 computes it.
enum SigV4 {
    /// The canonical request, the string to sign, the derived key, the hex signature.
    static func presignedSignature(method: String, path: String, query: [String: String], host: String, secret: String,
                                   date: SigV4Date, region: String) -> String {
        let canonicalRequest = [method, path, SigV4Encoding.canonicalQuery(query), "host:\(host)\n", "host", "UNSIGNED-PAYLOAD"]
            .joined(separator: "\n")
        let scope = "\(date.day)/\(region)/s3/aws4_request"
        let stringToSign = [LocalURLPresigner.algorithm, date.text, scope, Digest.sha256(Data(canonicalRequest.utf8)).hexEncodedString]
            .joined(separator: "\n")
        var signingKey = Data("AWS4\(secret)".utf8)
        for part in [date.day, region, "s3", "aws4_request"] {
            signingKey = HMAC.sha256(key: signingKey, data: Data(part.utf8))
        }
        return HMAC.sha256(key: signingKey, data: Data(stringToSign.utf8)).hexEncodedString
    }
}

/// SigV4's two time texts: `20261122T100000Z` and the scope's day `20261122`.
struct SigV4Date {
    let date: Date
    let text: String
    var day: String { String(text.prefix(8)) }

    init(_ date: Date) {
        let iso = Timestamp.string(date)  // 2026-11-22T10:00:00.000Z
        let digits = iso.prefix(19).filter { $0 != "-" && $0 != ":" }
        self.text = digits + "Z"
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

/// SigV4's URI encoding: every byte but `A-Z a-z 0-9 - _ . ~` percent-encoded (paths keep `/`).
enum SigV4Encoding {
    static func path(_ text: String) -> String { encode(text, keepSlash: true) }

    static func canonicalQuery(_ query: [String: String]) -> String {
        // Names are unique, so sorting by the encoded name is SigV4's order.
        let pairs: [(name: String, value: String)] = query.map { (encode($0.key, keepSlash: false), encode($0.value, keepSlash: false)) }
        return pairs.sorted { $0.name < $1.name }.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    static func encode(_ text: String, keepSlash: Bool) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                result.append("/")
            default:
                result += "%" + Digits.hex(byte, 2, uppercase: true)
            }
        }
        return result
    }
}
