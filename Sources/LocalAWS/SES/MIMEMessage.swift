import Cryptography
import Foundation
import Shared
import WireFormat

/// An RFC 5322 message as SES delivers a SendEmail request: CRLF line endings, ASCII headers,
/// UTF-8 quoted-printable bodies, `multipart/alternative` when there is both text and HTML.
/// Bcc recipients get the message but never appear in it.
struct MIMEMessage {
    var date: Date
    var messageId: String
    var from: MailAddress
    var to: [MailAddress]
    var cc: [MailAddress]
    var replyTo: [MailAddress]
    var subject: String
    var textBody: String?
    var htmlBody: String?
    /// Separates the parts; `=_` cannot occur in quoted-printable text, so no body can contain it.
    var boundary = "=_testex_" + SecureRandom.hex(count: 16)

    /// The message's bytes.
    func rendered() -> Data {
        var headers = ["Date: " + Self.rfc5322Date(date), HeaderEncoding.addressList("From", [from])]
        if !to.isEmpty { headers.append(HeaderEncoding.addressList("To", to)) }
        if !cc.isEmpty { headers.append(HeaderEncoding.addressList("Cc", cc)) }
        if !replyTo.isEmpty { headers.append(HeaderEncoding.addressList("Reply-To", replyTo)) }
        headers += [
            HeaderEncoding.unstructured("Subject", subject), "Message-ID: " + SESMessageID.header(for: messageId),
            "MIME-Version: 1.0",
        ]

        let parts = [textBody.map { ("text/plain", $0) }, htmlBody.map { ("text/html", $0) }].compactMap { $0 }
        var lines = headers
        if parts.count == 1, let (type, body) = parts.first {
            lines += Self.partHeaders(type) + ["", QuotedPrintable.encode(body)]
        } else {
            lines += ["Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"", ""]
            for (type, body) in parts {
                lines += ["--" + boundary] + Self.partHeaders(type) + ["", QuotedPrintable.encode(body)]
            }
            lines.append("--" + boundary + "--")
        }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    private static func partHeaders(_ type: String) -> [String] {
        ["Content-Type: \(type); charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"]
    }

    /// `Sun, 22 Nov 2026 10:15:30 +0000`, computed without a locale-dependent formatter.
    static func rfc5322Date(_ date: Date) -> String {
        let parts = UTCParts(date)
        return
            "\(parts.weekdayName), \(Digits.padded(parts.day, 2)) \(parts.monthName) "
            + "\(parts.year) \(parts.timeOfDay) +0000"
    }
}
