import Foundation
import Shared

/// `s3 ls [s3://bucket/prefix]` and `s3 cat s3://bucket/key`: read the S3 stand-in (`s3 get-url`
/// and `s3 put-url` are `PresignedLinkCommands`).
enum S3Command {
    @Sendable static func ls(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let recursive = context.arguments.flag("--recursive")
        let target = try context.arguments.nextIfPresent().map(parse)
        try context.arguments.finish()
        let system = try await context.openSystem()
        guard let (bucket, prefix) = target else {
            let buckets = try await system.objects.listBuckets()
            if format == .json {
                let rows: [JSONValue] = buckets.map {
                    ["name": .string($0.name), "creation_date": .string(Timestamp.string($0.creationDate)), "versioned": .bool($0.versioned)]
                }
                context.console.out(JSON.string(JSONValue.array(rows)))
                return TestexLocal.Exit.success
            }
            for bucket in buckets {
                context.console.out("\(Timestamp.string(bucket.creationDate))  s3://\(bucket.name)\(bucket.versioned ? "  (versioned)" : "")")
            }
            return TestexLocal.Exit.success
        }
        var prefixes: [JSONValue] = [], objects: [JSONValue] = []
        var token: String?
        repeat {
            let page = try await notFoundIfNoBucket {
                try await system.objects.listObjectsV2(bucket: bucket, prefix: prefix.isEmpty ? nil : prefix,
                                                       delimiter: recursive ? nil : "/", continuationToken: token)
            }
            for common in page.commonPrefixes {
                if format == .json { prefixes.append(.string(common)) } else { context.console.out("                           PRE \(common)") }
            }
            for object in page.contents {
                if format == .json {
                    objects.append(["key": .string(object.key), "size": .number(Decimal(object.size)), "etag": .string(object.etag),
                                    "last_modified": .string(Timestamp.string(object.lastModified))])
                } else {
                    context.console.out("\(Timestamp.string(object.lastModified)) \(String(object.size).leftPadded(10)) \(object.key)")
                }
            }
            token = page.nextContinuationToken
        } while token != nil
        if format == .json { context.console.out(JSON.string(JSONValue.object(["common_prefixes": .array(prefixes), "contents": .array(objects)]))) }
        return TestexLocal.Exit.success
    }

    /// A missing bucket answers like a missing key: exit 4 with one line.
    @Sendable static func cat(_ context: CommandContext) async throws -> Int32 {
        let target = try context.arguments.next("s3://bucket/key")
        try context.arguments.finish()
        let (bucket, key) = try parse(target)
        guard !key.isEmpty else { throw UsageError("expected s3://bucket/key, got '\(target)' (no key)") }
        let system = try await context.openSystem()
        guard let object = try await notFoundIfNoBucket({ try await system.objects.getObject(bucket: bucket, key: key) }) else {
            throw NotFound("no object s3://\(bucket)/\(key)")
        }
        if context.console.isCapturing {
            context.console.out(String(decoding: object.data, as: UTF8.self))
        } else {
            FileHandle.standardOutput.write(object.data)
        }
        return TestexLocal.Exit.success
    }

    private static func notFoundIfNoBucket<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch ObjectStoreError.noSuchBucket(let bucket) {
            throw NotFound("no bucket s3://\(bucket)")
        }
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
