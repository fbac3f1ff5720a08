/// The deployment environment, from `ENVIRONMENT`.

public enum Environment: String, Sendable, Codable, CaseIterable {
    case development, staging, production
}

/// Log levels in order of severity, from `LOG_LEVEL`, named as Lambda's JSON log format names
/// them (`WARN`; `WARNING` is accepted too).
public enum LogLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case debug = "DEBUG"
    case info = "INFO"
    case warning = "WARN"
    case error = "ERROR"

    /// The level a `LOG_LEVEL` value names, case-insensitively.
    public init?(named name: String) {
        let upper = name.uppercased()
        self.init(rawValue: upper == "WARNING" ? "WARN" : upper)
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Configuration read once from the environment variables of the original system, and the
/// `{env}-testex-*` resource names derived from it.
public struct Configuration: Sendable, Hashable {
    public var environment: Environment
    public var debug: Bool
    public var logLevel: LogLevel
    public var senderEmail: String
    /// Where replies to notices go (`REPLY_TO_EMAIL`): every email carries it as `Reply-To`, and
    /// the templates tell the client so (`{{reply_to}}`), since the sender is a `noreply@` address.
    public var replyToEmail: String
    /// Days after a contract closed (terminated or expired) before the file lifecycle archives its
    /// documents, from `ARCHIVE_AFTER_DAYS`.
    public var archiveAfterDays: Int
    /// The AWS region the functions run in (`AWS_REGION`): in ARNs and AWS-shaped events.
    public var region: String
    /// The origin browsers may call the API from (`ALLOWED_ORIGIN`; `*` when unset, as locally).
    public var allowedOrigin: String = "*"

    /// Multiplies every function's timeout (`TESTEX_TIMEOUT_SCALE`, default 1): timeouts are
    /// wall-clock, as on Lambda, so a debugger stopped at a breakpoint, or a test process running
    /// hundreds of invocations at once, needs them longer.
    public var timeoutScale: Double

    /// The region when `AWS_REGION` and `AWS_DEFAULT_REGION` are unset.
    public static let defaultRegion = "us-east-1"

    public init(
        environment: Environment = .development,
        debug: Bool = false,
        logLevel: LogLevel = .info,
        senderEmail: String? = nil,
        archiveAfterDays: Int = 30,
        region: String = Configuration.defaultRegion,
        timeoutScale: Double = 1,
        replyToEmail: String? = nil
    ) {
        self.environment = environment
        self.debug = debug
        self.logLevel = logLevel
        self.senderEmail = senderEmail ?? Configuration.defaultSender(for: environment)
        self.replyToEmail = replyToEmail ?? Configuration.defaultReplyTo(for: environment)
        self.archiveAfterDays = archiveAfterDays
        self.region = region
        self.timeoutScale = timeoutScale
    }

    /// Reads `ENVIRONMENT`, `DEBUG`, `LOG_LEVEL`, `SENDER_EMAIL`, `ARCHIVE_AFTER_DAYS` and `AWS_REGION`
    /// (else `AWS_DEFAULT_REGION`); an unknown value is an error naming it.
    public init(variables: [String: String]) throws {
        let environment = try Configuration.parse(
            variables["ENVIRONMENT"],
            name: "ENVIRONMENT",
            default: Environment.development
        )
        let debug = ["1", "true", "yes"].contains((variables["DEBUG"] ?? "").lowercased())
        var level = debug ? LogLevel.debug : .info
        if let raw = variables["LOG_LEVEL"], !raw.isEmpty {
            guard let named = LogLevel(named: raw) else {
                throw ConfigurationError(message: "LOG_LEVEL=\(raw) is not one of DEBUG, INFO, WARN, ERROR")
            }
            level = named
        }
        let sender = variables["SENDER_EMAIL"].flatMap { $0.isEmpty ? nil : $0 }
        let replyTo = variables["REPLY_TO_EMAIL"].flatMap { $0.isEmpty ? nil : $0 }
        if let replyTo, !Validate.isEmail(replyTo) {
            throw ConfigurationError(message: "REPLY_TO_EMAIL=\(replyTo) is not an email address")
        }
        let archiveAfterDays = try Configuration.archiveAfterDays(variables)
        let region = try Configuration.region(variables)
        let timeoutScale = try Configuration.timeoutScale(variables)
        self.init(
            environment: environment,
            debug: debug,
            logLevel: level,
            senderEmail: sender,
            archiveAfterDays: archiveAfterDays,
            region: region,
            timeoutScale: timeoutScale,
            replyToEmail: replyTo
        )
        if let origin = variables["ALLOWED_ORIGIN"], !origin.isEmpty {
            guard origin == "*" || Validate.isOrigin(origin) else {
                throw ConfigurationError(
                    message: "ALLOWED_ORIGIN=\(origin) is not * or an origin such as https://app.testex.com"
                )
            }
            allowedOrigin = origin
        }
    }

    /// `ARCHIVE_AFTER_DAYS`: 0 to 3650, 30 when unset.
    private static func archiveAfterDays(_ variables: [String: String]) throws -> Int {
        guard let raw = variables["ARCHIVE_AFTER_DAYS"], !raw.isEmpty else { return 30 }
        guard let days = Int(raw), (0...3650).contains(days) else {
            throw ConfigurationError(message: "ARCHIVE_AFTER_DAYS=\(raw) is not a number of days from 0 to 3650")
        }
        return days
    }

    /// `TESTEX_TIMEOUT_SCALE`: above 0 and at most 1000, 1 when unset.
    private static func timeoutScale(_ variables: [String: String]) throws -> Double {
        guard let raw = variables["TESTEX_TIMEOUT_SCALE"], !raw.isEmpty else { return 1.0 }
        guard let scale = Double(raw), scale > 0, scale <= 1000 else {
            throw ConfigurationError(message: "TESTEX_TIMEOUT_SCALE=\(raw) is not a number above 0 and at most 1000")
        }
        return scale
    }

    private static func region(_ variables: [String: String]) throws -> String {
        let named = [variables["AWS_REGION"], variables["AWS_DEFAULT_REGION"]].compactMap { $0 }.first { !$0.isEmpty }
        guard let region = named else { return defaultRegion }
        let valid = region.count <= 32 && Validate.isRegion(region)
        guard valid else {
            throw ConfigurationError(message: "AWS_REGION=\(region) is not a region name such as eu-west-1")
        }
        return region
    }

    public static func defaultSender(for environment: Environment) -> String {
        switch environment {
        case .production: "noreply@testex.com"
        case .staging: "noreply@testex-staging.com"
        case .development: "noreply@testex-dev.com"
        }
    }

    /// The address replies go to when `REPLY_TO_EMAIL` is not set: the environment's support desk.
    public static func defaultReplyTo(for environment: Environment) -> String {
        switch environment {
        case .production: "support@testex.com"
        case .staging: "support@testex-staging.com"
        case .development: "support@testex-dev.com"
        }
    }

    /// `{env}-testex-<name>`, the physical name of a table, bucket or function.
    public func resourceName(_ name: String) -> String {
        "\(environment.rawValue)-testex-\(name)"
    }

    private static func parse<T: RawRepresentable & CaseIterable>(
        _ raw: String?,
        name: String,
        default value: T
    ) throws -> T where T.RawValue == String {
        guard let raw, !raw.isEmpty else { return value }
        guard let parsed = T(rawValue: raw) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(message: "\(name)=\(raw) is not one of \(allowed)")
        }
        return parsed
    }
}

/// An invalid environment variable.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
