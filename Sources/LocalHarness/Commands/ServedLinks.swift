import Foundation
import LocalAWS
import Shared

/// Presigned links at `serve`'s address, answered as S3 answers them: GET gives the object's
/// bytes, PUT uploads a contract document; a refusal is S3's XML error with its status. The
/// checks are those of `s3 get-url` and `s3 put-url` (`PresignedLinkAccess`).
struct ServedLinks {
    let system: LocalSystem

    /// A path-style link: `/<bucket>/<key>?...X-Amz-Signature=...`, never an API path.
    static func isLink(_ target: String) -> Bool {
        guard !target.hasPrefix("/api/"), let mark = target.firstIndex(of: "?") else { return false }
        return target[mark...].contains("X-Amz-Signature=")
    }

    func respond(_ request: HTTPServerRequest) async -> HTTPServerResponse {
        // The host is signed: the link is checked as the client addressed it.
        let link = "http://\(request.header("Host") ?? "")\(request.target)"
        let access = PresignedLinkAccess(system: system)
        do {
            switch request.method {
            case "GET":
                let (_, data, contentType) = try await access.download(link)
                return HTTPServerResponse(
                    status: 200,
                    headers: [("Content-Type", contentType), ("Access-Control-Allow-Origin", "*")],
                    body: data
                )
            case "PUT":
                let record = try await access.upload(link, data: request.body)
                return HTTPServerResponse(
                    status: 200,
                    headers: [
                        ("ETag", record.etag.hasPrefix("\"") ? record.etag : "\"\(record.etag)\""),
                        ("Access-Control-Allow-Origin", "*"),
                    ]
                )
            default:
                return Self.error(
                    405,
                    "MethodNotAllowed",
                    "a presigned link is used with GET or PUT",
                    extra: [("Allow", "GET, PUT")]
                )
            }
        } catch let refusal as PresignedLinkAccess.Refusal {
            return Self.answer(refusal)
        } catch {
            return Self.error(500, "InternalError", "the link could not be served")
        }
    }

    static func answer(_ refusal: PresignedLinkAccess.Refusal) -> HTTPServerResponse {
        switch refusal {
        case .malformed(let message): error(400, "AuthorizationQueryParametersError", message)
        case .denied(.signatureMismatch), .denied(.wrongMethod):
            error(403, "SignatureDoesNotMatch", refusalText(refusal))
        case .denied: error(403, "AccessDenied", refusalText(refusal))
        case .noObject(let bucket, let key):
            error(404, "NoSuchKey", "no object s3://\(bucket)/\(key) (deleted, or archived since the link was made)")
        case .notAnUploadLink:
            error(403, "AccessDenied", "the link is signed but is not an upload link for a contract document")
        case .tooLarge(let bytes):
            error(400, "EntityTooLarge", "the upload is \(bytes) bytes; at most \(LambdaLimits.maximumPayloadBytes)")
        case .refused(let domain): error(domain.status, domain.code, domain.message)
        }
    }

    private static func refusalText(_ refusal: PresignedLinkAccess.Refusal) -> String {
        if case .denied(let error) = refusal { return error.description }
        return "refused"
    }

    /// S3's error document.
    static func error(
        _ status: Int,
        _ code: String,
        _ message: String,
        extra: [(String, String)] = []
    ) -> HTTPServerResponse {
        let xml =
            #"<?xml version="1.0" encoding="UTF-8"?>"#
            + "\n<Error><Code>\(escape(code))</Code><Message>\(escape(message))</Message></Error>\n"
        return HTTPServerResponse(
            status: status,
            headers: [("Content-Type", "application/xml"), ("Access-Control-Allow-Origin", "*")] + extra,
            body: Data(xml.utf8)
        )
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
