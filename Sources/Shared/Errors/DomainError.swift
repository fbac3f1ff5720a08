/// An error of another layer that knows what it means to the domain (a storage failure of a
/// stand-in, say), so it crosses functions and reaches the API as that domain error.

public protocol DomainErrorConvertible: Error {
    var domainError: DomainError { get }
}

/// Errors of the domain that know their HTTP status. Only ApiGateway turns them into responses;
/// between functions they travel as Lambda error payloads (`errorType`, `errorMessage`).
public enum DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 400: the request is not well-formed (bad JSON, wrong types, unknown route parameters).
    case malformed(String)
    /// 401: no credentials or bad credentials.
    case unauthorized(String)
    /// 403: the caller's role may not do this.
    case forbidden(String)
    /// 404: absent, or not the caller's to see.
    case notFound(String)
    /// 409: the state does not allow it, or a concurrent change won.
    case conflict(String)
    /// 413: the body, item or object is too large.
    case tooLarge(String)
    /// 422: well-formed but invalid values.
    case invalid(String)
    /// 429: too many attempts.
    case tooManyRequests(String)
    /// 500: a fault of ours; the message is logged, never shown.
    case `internal`(String)
    /// 503: the storage under the service refused the write (a full disk); nothing was changed,
    /// and the message, which says so, is shown.
    case unavailable(String)

    public var status: Int {
        switch self {
        case .malformed: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .conflict: 409
        case .tooLarge: 413
        case .invalid: 422
        case .tooManyRequests: 429
        case .internal: 500
        case .unavailable: 503
        }
    }

    /// The stable code in error bodies, e.g. `{"error":{"code":"NOT_FOUND",...}}`.
    public var code: String {
        switch self {
        case .malformed: "BAD_REQUEST"
        case .unauthorized: "UNAUTHORIZED"
        case .forbidden: "FORBIDDEN"
        case .notFound: "NOT_FOUND"
        case .conflict: "CONFLICT"
        case .tooLarge: "PAYLOAD_TOO_LARGE"
        case .invalid: "VALIDATION_ERROR"
        case .tooManyRequests: "TOO_MANY_REQUESTS"
        case .internal: "INTERNAL_ERROR"
        case .unavailable: "SERVICE_UNAVAILABLE"
        }
    }

    public var message: String {
        switch self {
        case .malformed(let m), .unauthorized(let m), .forbidden(let m), .notFound(let m), .conflict(let m),
            .tooLarge(let m), .invalid(let m), .tooManyRequests(let m), .internal(let m), .unavailable(let m):
            m
        }
    }

    public var description: String { "\(code): \(message)" }

    /// Whether an API answer may show the message: every error's but an internal one's.
    public var isShown: Bool {
        if case .internal = self { return false }
        return true
    }

    /// The Lambda `errorType` this error travels under between functions.
    public var errorType: String { "DomainError.\(code)" }

    /// Rebuilds a domain error from a Lambda error payload, when it is one.
    public init?(errorType: String, errorMessage: String) {
        let constructors: [String: (String) -> DomainError] = [
            "BAD_REQUEST": DomainError.malformed, "UNAUTHORIZED": DomainError.unauthorized,
            "FORBIDDEN": DomainError.forbidden, "NOT_FOUND": DomainError.notFound,
            "CONFLICT": DomainError.conflict, "PAYLOAD_TOO_LARGE": DomainError.tooLarge,
            "VALIDATION_ERROR": DomainError.invalid, "TOO_MANY_REQUESTS": DomainError.tooManyRequests,
            "INTERNAL_ERROR": DomainError.internal, "SERVICE_UNAVAILABLE": DomainError.unavailable,
        ]
        guard errorType.hasPrefix("DomainError."),
            let make = constructors[String(errorType.dropFirst("DomainError.".count))]
        else { return nil }
        self = make(errorMessage)
    }
}
