import Foundation
import Shared

/// A path, query or header parameter of a route: the document states its rule, and the route
/// checks it with the `Validate` rule of the same kind (a bad path id answers 400, other values 400 or 422).
struct Parameter: Sendable {
    enum Location: String, Sendable {
        case path, query, header
    }

    let name: String
    let location: Location
    let kind: FieldKind
    let summary: String

    static func path(_ name: String, _ kind: FieldKind, _ summary: String) -> Parameter {
        Parameter(name: name, location: .path, kind: kind, summary: summary)
    }

    static func query(_ name: String, _ kind: FieldKind, _ summary: String) -> Parameter {
        Parameter(name: name, location: .query, kind: kind, summary: summary)
    }

    static func header(_ name: String, _ kind: FieldKind, _ summary: String) -> Parameter {
        Parameter(name: name, location: .header, kind: kind, summary: summary)
    }
}

/// The parameters the routes share.
extension Parameter {
    static let contractId = path("id", .id(prefix: "CT", length: 8), "the contract's id")
    static let clientId = path("id", .id(prefix: "CL", length: 8), "the client's id")
    static let fileId = path("file_id", .id(prefix: "FL", length: 12), "the document's id")

    static let status = query(
        "status",
        .choice(ContractStatus.allCases.map(\.rawValue)),
        "only contracts in this status"
    )
    static let clientFilter = query("client_id", .id(prefix: "CL", length: 8), "only this client's contracts")
    static let email = query("email", .email, "only the client with this email address")
    static let limit = query(
        "limit",
        .integer(1...PageRequest.maximumLimit),
        "at most this many items (default \(PageRequest.defaultLimit))"
    )
    static let nextToken = query(
        "next_token",
        .string(maximumBytes: 4096, documented: .pattern("^[A-Za-z0-9_-]+$", maximumLength: 1024)),
        "the next_token of the previous page"
    )
    static let presign = query(
        "presign",
        .choice(["true", "false"]),
        "true: answer a presigned download link instead of the bytes"
    )
    static let expiresIn = query(
        "expires_in",
        .integer(DocumentLimits.linkLifetimes),
        "seconds the link lasts (default \(DocumentLimits.defaultLinkLifetime))"
    )
    static let filename = query("filename", .filename, "the document's name, for a raw document body")

    static let idempotencyKey = header(
        "Idempotency-Key",
        .string(maximumBytes: 255, documented: .pattern("^[\\x21-\\x7E]{1,255}$", maximumLength: 255)),
        "a retry with the same key and body answers the first result again"
    )
    static let ifMatch = header(
        "If-Match",
        .string(maximumBytes: 32, documented: .pattern(#"^(?:W/)?"?[0-9]{1,18}"?$"#, maximumLength: 24)),
        "the contract version the change is based on, as expected_version"
    )
    static let xFilename = header(
        "X-Filename",
        .filename,
        "the document's name, for a raw document body (instead of ?filename=)"
    )
}
