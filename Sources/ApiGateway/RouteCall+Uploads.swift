import Foundation
import Shared

extension RouteCall {
    /// A presigned PUT link to `key` in the files bucket, through the one presigner: the kind,
    /// content type and uploader are signed in, and the link lasts the body's `expires_in`. One
    /// upload per link: `If-None-Match: *` is signed in, so S3 refuses a second PUT, as the
    /// stand-in does; the client sends the header as the answer gives it.
    func uploadLink(key: String, kind: String, contentType: String) throws -> PresignedURL {
        let lifetime = try fields().integer("expires_in") ?? DocumentLimits.defaultLinkLifetime
        guard let presigner = services.presigner else {
            throw DomainError.internal("no presigner is configured for links")
        }
        let metadata = ["upload-kind": kind, "content-type": contentType, "uploaded-by": caller.subject]
        return try presigner.presign(
            PresignRequest(
                method: "PUT",
                bucket: Buckets(services.configuration).files,
                key: key,
                date: services.clock.now(),
                expiresIn: lifetime,
                metadata: metadata,
                headers: ["If-None-Match": "*"]
            )
        )
    }
}

extension Fields {
    /// A template's named values (`values`): strings as they are, numbers and booleans as text.
    func templateValues() -> [String: String] {
        var values: [String: String] = [:]
        guard case .object(let object)? = self.values["values"] else { return values }
        for (name, value) in object {
            switch value {
            case .string(let text): values[name] = text
            case .number(let number): values[name] = "\(number)"
            case .bool(let flag): values[name] = flag ? "true" : "false"
            default: continue
            }
        }
        return values
    }
}
