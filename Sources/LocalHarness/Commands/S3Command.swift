import Foundation
import Shared
import WireFormat

/// `s3 ls [s3://bucket/prefix]` and `s3 cat s3://bucket/key`: read the S3 stand-in (`s3 get-url`
/// and `s3 put-url` are `PresignedLinkCommands`).
enum S3Command {
    @Sendable static func ls(_ context: CommandContext) async throws -> Int32 {
        let format = try context.outputFormat()
        let recursive = context.arguments.flag("--recursive")
        let target = try context.arguments.nextIfPresent().map(parse)
        try context.arguments.finish()
        let system = try await context.openSystem()
        if let (bucket, prefix) = target {
            try await listObjects(
                bucket,
                prefix,
                recursive: recursive,
                format: format,
                system: system,
                console: context.console
            )
        } else {
            try await listBuckets(format: format, system: system, console: context.console)
        }
        return TestexLocal.Exit.success
    }

    private static func listBuckets(format: OutputFormat, system: LocalSystem, console: Console) async throws {
        let buckets = try await system.objects.listBuckets()
        guard format == .text else {
            let rows: [JSONValue] = buckets.map {
                [
                    "name": .string($0.name), "creation_date": .string(Timestamp.string($0.creationDate)),
                    "versioned": .bool($0.versioned),
                ]
            }
            console.out(JSON.string(JSONValue.array(rows)))
            return
        }
        for bucket in buckets {
            let versioned = bucket.versioned ? "  (versioned)" : ""
            console.out("\(Timestamp.string(bucket.creationDate))  s3://\(bucket.name)\(versioned)")
        }
    }

    /// Every page of the listing: as `aws s3 ls` prints it, or one JSON document.
    private static func listObjects(
        _ bucket: String,
        _ prefix: String,
        recursive: Bool,
        format: OutputFormat,
        system: LocalSystem,
        console: Console
    ) async throws {
        var prefixes: [JSONValue] = []
        var objects: [JSONValue] = []
        let pages = Paginator(
            fetch: { token in
                try await notFoundIfNoBucket {
                    try await system.objects.listObjectsV2(
                        bucket: bucket,
                        prefix: prefix.isEmpty ? nil : prefix,
                        delimiter: recursive ? nil : "/",
                        continuationToken: token
                    )
                }
            },
            next: \.nextContinuationToken
        )
        for try await page in pages {
            prefixes += page.commonPrefixes.map(JSONValue.string)
            objects += page.contents.map {
                [
                    "key": .string($0.key), "size": .number(Decimal($0.size)), "etag": .string($0.etag),
                    "last_modified": .string(Timestamp.string($0.lastModified)),
                ]
            }
            if format == .text {
                for common in page.commonPrefixes { console.out("                           PRE \(common)") }
                for object in page.contents {
                    let size = String(object.size).leftPadded(10)
                    console.out("\(Timestamp.string(object.lastModified)) \(size) \(object.key)")
                }
            }
        }
        if format == .json {
            let listing: JSONValue = ["common_prefixes": .array(prefixes), "contents": .array(objects)]
            console.out(JSON.string(listing))
        }
    }

    /// A missing bucket answers like a missing key: exit 4 with one line.
    @Sendable static func cat(_ context: CommandContext) async throws -> Int32 {
        let target = try context.arguments.next("s3://bucket/key")
        try context.arguments.finish()
        let (bucket, key) = try parse(target)
        guard !key.isEmpty else { throw UsageError("expected s3://bucket/key, got '\(target)' (no key)") }
        let system = try await context.openSystem()
        let object = try await notFoundIfNoBucket { try await system.objects.getObject(bucket: bucket, key: key) }
        guard let object else {
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
