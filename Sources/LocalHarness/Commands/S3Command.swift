import Foundation
import Shared

/// `s3 ls [s3://bucket/prefix]` and `s3 cat s3://bucket/key`: read the S3 stand-in;
/// `s3 get-url` / `s3 put-url`: use a presigned link (`PresignedLinkCommands`).
enum S3Command {
    @Sendable static func run(_ context: CommandContext) async throws -> Int32 {
        let sub = try context.arguments.next("s3 subcommand (ls, cat, get-url, put-url)")
        switch sub {
        case "ls":
            let recursive = context.arguments.flag("--recursive")
            let target = context.arguments.nextIfPresent()
            try context.arguments.finish()
            let system = try await context.openSystem()
            guard let target else {
                for bucket in try await system.objects.listBuckets() {
                    context.console.out("\(Timestamp.string(bucket.creationDate))  s3://\(bucket.name)\(bucket.versioned ? "  (versioned)" : "")")
                }
                return TestexLocal.Exit.success
            }
            let (bucket, prefix) = try parse(target)
            var token: String?
            repeat {
                let page = try await system.objects.listObjectsV2(bucket: bucket, prefix: prefix.isEmpty ? nil : prefix,
                                                                  delimiter: recursive ? nil : "/", continuationToken: token)
                for common in page.commonPrefixes { context.console.out("                           PRE \(common)") }
                for object in page.contents {
                    context.console.out("\(Timestamp.string(object.lastModified)) \(String(object.size).leftPadded(10)) \(object.key)")
                }
                token = page.nextContinuationToken
            } while token != nil
        case "cat":
            let target = try context.arguments.next("s3://bucket/key")
            try context.arguments.finish()
            let (bucket, key) = try parse(target)
            let system = try await context.openSystem()
            guard let object = try await system.objects.getObject(bucket: bucket, key: key) else {
                context.console.err("testex-local: no object s3://\(bucket)/\(key)")
                return TestexLocal.Exit.clientError
            }
            if context.console.isCapturing {
                context.console.out(String(decoding: object.data, as: UTF8.self))
            } else {
                FileHandle.standardOutput.write(object.data)
            }
        case "get-url":
            return try await PresignedLinkCommands.get(context)
        case "put-url":
            return try await PresignedLinkCommands.put(context)
        default:
            throw UsageError("unknown s3 subcommand '\(sub)'; one of ls, cat, get-url, put-url")
        }
        return TestexLocal.Exit.success
    }

    /// `s3://bucket/key` -> (bucket, key); the key may be empty for `ls`.
    static func parse(_ url: String) throws -> (String, String) {
        guard url.hasPrefix("s3://") else { throw UsageError("expected s3://bucket/key, got '\(url)'") }
        let rest = url.dropFirst(5)
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else { throw UsageError("expected s3://bucket/key, got '\(url)'") }
        return (String(bucket), String(rest.dropFirst(bucket.count + 1)))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
