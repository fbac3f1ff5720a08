import Foundation
import Shared
import Signing
import WireFormat

/// `ObjectStore` over S3's REST API: virtual-hosted addressing on AWS, path-style at a custom
/// endpoint. Keys, metadata and sizes are checked with `ObjectStoreRules` before anything is
/// sent, so the same requests are refused here as by the stand-ins.
public struct S3ObjectStore: ObjectStore {
    let client: AWSServiceClient
    private let maximumObjectSize: Int

    /// S3's largest single PUT.
    public static let maximumSinglePutSize = 5 * 1024 * 1024 * 1024

    public init(
        configuration: AWSConfiguration,
        transport: any HTTPTransport = URLSessionTransport(),
        maximumObjectSize: Int = S3ObjectStore.maximumSinglePutSize,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        client = AWSServiceClient(configuration: configuration, service: .s3, transport: transport, clock: clock)
        self.maximumObjectSize = maximumObjectSize
    }

    /// An existing bucket is left as it is, and one with the other versioning refused, as by the
    /// stand-ins: its versioning is read before anything is created, since S3 in us-east-1 answers
    /// 200 to creating a bucket one already owns, and turning versioning on cannot be undone.
    public func createBucket(_ name: String, versioned: Bool) async throws {
        try ObjectStoreRules.validateBucketName(name)
        if let enabled = try await existingVersioning(name) {
            guard enabled == versioned else {
                throw ObjectStoreError.invalidRequest(
                    "bucket \(name) exists with versioning \(enabled ? "enabled" : "disabled")"
                )
            }
            return
        }
        let region = client.configuration.region
        let body =
            region == "us-east-1"
            ? Data()
            : Data(
                """
                <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
                <LocationConstraint>\(region)</LocationConstraint></CreateBucketConfiguration>
                """.utf8
            )
        let created = try await send(bucket: name, AWSRequest(method: "PUT", body: body))
        if !created.isSuccess, S3Error.code(of: created) != "BucketAlreadyOwnedByYou" {
            throw S3Error.error(created, bucket: name)
        }
        guard versioned else { return }
        let configuration =
            #"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
            + "<Status>Enabled</Status></VersioningConfiguration>"
        let answer = try await send(
            bucket: name,
            AWSRequest(method: "PUT", query: [("versioning", "")], body: Data(configuration.utf8))
        )
        guard answer.isSuccess else { throw S3Error.error(answer, bucket: name) }
    }

    /// Whether an existing bucket has versioning enabled; nil when there is no such bucket, or
    /// when its versioning cannot be read (another account's: creating it then says why).
    private func existingVersioning(_ bucket: String) async throws -> Bool? {
        let answer = try await send(bucket: bucket, AWSRequest(method: "GET", query: [("versioning", "")]))
        guard answer.isSuccess else { return nil }
        return XMLNode.parse(answer.body)?.value("Status") == "Enabled"
    }

    public func listBuckets() async throws -> [BucketInfo] {
        let answer = try await client.send(AWSRequest(method: "GET", path: "/"), signingPayload: true)
        guard answer.isSuccess, let document = XMLNode.parse(answer.body) else {
            throw S3Error.error(answer, bucket: nil)
        }
        var buckets: [BucketInfo] = []
        for bucket in document.child("Buckets")?.children("Bucket") ?? [] {
            guard let name = bucket.value("Name") else { continue }
            buckets.append(
                BucketInfo(
                    name: name,
                    creationDate: HTTPDate.iso(bucket.value("CreationDate")),
                    versioned: try await isVersioned(name)
                )
            )
        }
        return buckets.sorted { $0.name < $1.name }
    }

    @discardableResult
    public func putObject(
        bucket: String,
        key: String,
        data: Data,
        contentType: String?,
        metadata: [String: String]
    ) async throws -> PutObjectResult {
        try await put(
            bucket: bucket,
            key: key,
            data: data,
            contentType: contentType,
            metadata: metadata,
            onlyIfAbsent: false
        )
    }

    public func createObject(
        bucket: String,
        key: String,
        data: Data,
        contentType: String?,
        metadata: [String: String]
    ) async throws -> PutObjectResult {
        try await put(
            bucket: bucket,
            key: key,
            data: data,
            contentType: contentType,
            metadata: metadata,
            onlyIfAbsent: true
        )
    }

    private func put(
        bucket: String,
        key: String,
        data: Data,
        contentType: String?,
        metadata: [String: String],
        onlyIfAbsent: Bool
    ) async throws -> PutObjectResult {
        try ObjectStoreRules.validateKey(key)
        let metadata = try ObjectStoreRules.normalizedMetadata(metadata)
        let type = try ObjectStoreRules.normalizedContentType(contentType)
        guard data.count <= maximumObjectSize else {
            throw ObjectStoreError.entityTooLarge(bytes: data.count, maximum: maximumObjectSize)
        }
        var headers: [(name: String, value: String)] = [("Content-Type", type)]
        if onlyIfAbsent { headers.append(("If-None-Match", "*")) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            headers.append(("x-amz-meta-\(name)", MetadataValue.encode(value)))
        }
        let answer = try await send(bucket: bucket, key: key, AWSRequest(method: "PUT", headers: headers, body: data))
        guard answer.isSuccess else { throw S3Error.error(answer, bucket: bucket, key: key) }
        return PutObjectResult(
            etag: answer.header("ETag") ?? ObjectStoreRules.etag(of: data),
            versionId: Self.versionId(answer)
        )
    }

    public func getObject(bucket: String, key: String, versionId: String?) async throws -> S3Object? {
        try ObjectStoreRules.validateKey(key)
        let answer = try await send(
            bucket: bucket,
            key: key,
            AWSRequest(method: "GET", query: Self.versionQuery(versionId))
        )
        guard answer.isSuccess else { return try absent(answer, bucket: bucket, key: key, versionId: versionId) }
        return S3Object(head: Self.head(answer, key: key, size: answer.body.count), data: answer.body)
    }

    public func headObject(bucket: String, key: String, versionId: String?) async throws -> S3ObjectHead? {
        try ObjectStoreRules.validateKey(key)
        let answer = try await send(
            bucket: bucket,
            key: key,
            AWSRequest(method: "HEAD", query: Self.versionQuery(versionId))
        )
        guard answer.isSuccess else {
            // A HEAD answer has no body to tell a missing key from a missing bucket.
            if answer.status == 404, !(try await send(bucket: bucket, AWSRequest(method: "HEAD"))).isSuccess {
                throw ObjectStoreError.noSuchBucket(bucket)
            }
            return try absent(answer, bucket: bucket, key: key, versionId: versionId)
        }
        return Self.head(answer, key: key, size: Int(answer.header("Content-Length") ?? "") ?? 0)
    }

    @discardableResult
    public func deleteObject(bucket: String, key: String) async throws -> DeleteObjectResult {
        try ObjectStoreRules.validateKey(key)
        let answer = try await send(bucket: bucket, key: key, AWSRequest(method: "DELETE"))
        guard answer.isSuccess else { throw S3Error.error(answer, bucket: bucket, key: key) }
        return DeleteObjectResult(
            versionId: Self.versionId(answer),
            deleteMarker: answer.header("x-amz-delete-marker") == "true"
        )
    }

    @discardableResult
    public func copyObject(
        fromBucket: String,
        fromKey: String,
        sourceVersionId: String?,
        toBucket: String,
        toKey: String
    ) async throws -> PutObjectResult {
        try ObjectStoreRules.validateKey(fromKey)
        try ObjectStoreRules.validateKey(toKey)
        let source =
            "/\(fromBucket)/\(URIEncoding.encode(fromKey, keepingSlash: true))"
            + (sourceVersionId.map { "?versionId=\(URIEncoding.encode($0))" } ?? "")
        let answer = try await send(
            bucket: toBucket,
            key: toKey,
            AWSRequest(method: "PUT", headers: [("x-amz-copy-source", source)])
        )
        // CopyObject may answer 200 with an error document, so the body decides.
        guard answer.isSuccess, let document = XMLNode.parse(answer.body), document.name == "CopyObjectResult" else {
            if S3Error.code(of: answer) == "NoSuchKey" {
                throw ObjectStoreError.noSuchKey(bucket: fromBucket, key: fromKey)
            }
            throw S3Error.error(answer, bucket: toBucket, key: toKey)
        }
        return PutObjectResult(etag: document.value("ETag") ?? "", versionId: Self.versionId(answer))
    }

    public func listObjectsV2(_ request: ListObjectsV2Request) async throws -> ListObjectsV2Result {
        guard request.maxKeys >= 0 else { throw ObjectStoreError.invalidArgument("max-keys must be at least 0") }
        var query: [(name: String, value: String)] = [
            ("list-type", "2"), ("encoding-type", "url"), ("max-keys", String(min(request.maxKeys, 1000))),
        ]
        if let prefix = request.prefix { query.append(("prefix", prefix)) }
        if let delimiter = request.delimiter { query.append(("delimiter", delimiter)) }
        if let token = request.continuationToken { query.append(("continuation-token", token)) }
        if let startAfter = request.startAfter { query.append(("start-after", startAfter)) }
        let answer = try await send(bucket: request.bucket, AWSRequest(method: "GET", query: query))
        guard answer.isSuccess, let document = XMLNode.parse(answer.body) else {
            throw S3Error.error(answer, bucket: request.bucket)
        }
        let encoded = document.value("EncodingType") == "url"
        let contents = try document.children("Contents").map { entry in
            ObjectSummary(
                key: try Self.key(entry.value("Key"), encoded: encoded),
                size: Int(entry.value("Size") ?? "") ?? 0,
                etag: entry.value("ETag") ?? "",
                lastModified: HTTPDate.iso(entry.value("LastModified"))
            )
        }
        let prefixes = try document.children("CommonPrefixes").map {
            try Self.key($0.value("Prefix"), encoded: encoded)
        }
        let truncated = document.value("IsTruncated") == "true"
        return ListObjectsV2Result(
            contents: contents,
            commonPrefixes: prefixes,
            isTruncated: truncated,
            nextContinuationToken: truncated ? document.value("NextContinuationToken") : nil
        )
    }

    public func listObjectVersions(bucket: String, prefix: String?) async throws -> [ObjectVersion] {
        let pages = Paginator<VersionMarkers, VersionsPage>(
            fetch: { markers in
                try await versionsPage(bucket: bucket, prefix: prefix, after: markers)
            },
            next: \.next
        )
        return Self.newestFirstByKey(try await pages.items(\.versions))
    }

    /// Where a ListObjectVersions page ends: the next key and version to start from.
    struct VersionMarkers: Sendable {
        let key: String
        let version: String
    }

    struct VersionsPage {
        let versions: [ObjectVersion]
        let next: VersionMarkers?
    }

    private func versionsPage(
        bucket: String,
        prefix: String?,
        after markers: VersionMarkers?
    ) async throws -> VersionsPage {
        var query: [(name: String, value: String)] = [("versions", ""), ("encoding-type", "url")]
        if let prefix { query.append(("prefix", prefix)) }
        if let markers { query += [("key-marker", markers.key), ("version-id-marker", markers.version)] }
        let answer = try await send(bucket: bucket, AWSRequest(method: "GET", query: query))
        guard answer.isSuccess, let document = XMLNode.parse(answer.body) else {
            throw S3Error.error(answer, bucket: bucket)
        }
        let encoded = document.value("EncodingType") == "url"
        var versions: [ObjectVersion] = []
        for entry in document.children where entry.name == "Version" || entry.name == "DeleteMarker" {
            let marker = entry.name == "DeleteMarker"
            versions.append(
                ObjectVersion(
                    key: try Self.key(entry.value("Key"), encoded: encoded),
                    versionId: entry.value("VersionId") ?? "null",
                    isLatest: entry.value("IsLatest") == "true",
                    isDeleteMarker: marker,
                    size: marker ? 0 : Int(entry.value("Size") ?? "") ?? 0,
                    etag: marker ? "" : entry.value("ETag") ?? "",
                    lastModified: HTTPDate.iso(entry.value("LastModified"))
                )
            )
        }
        guard document.value("IsTruncated") == "true", let key = document.value("NextKeyMarker") else {
            return VersionsPage(versions: versions, next: nil)
        }
        let next = VersionMarkers(
            key: try Self.key(key, encoded: encoded),
            version: document.value("NextVersionIdMarker") ?? ""
        )
        return VersionsPage(versions: versions, next: next)
    }

    /// S3 lists a key's versions newest first, but an emulator may list delete markers after all
    /// versions; ordering here keeps the protocol's order whatever the server does.
    private static func newestFirstByKey(_ versions: [ObjectVersion]) -> [ObjectVersion] {
        versions.enumerated().sorted { left, right in
            let (a, b) = (left.element, right.element)
            if a.key != b.key { return Array(a.key.utf8).lexicographicallyPrecedes(Array(b.key.utf8)) }
            if a.isLatest != b.isLatest { return a.isLatest }
            if a.lastModified != b.lastModified { return a.lastModified > b.lastModified }
            return left.offset < right.offset
        }.map(\.element)
    }

    // MARK: Requests

    /// Sends to `bucket` (and `key`), addressed as `S3Addressing` says.
    private func send(bucket: String, key: String? = nil, _ request: AWSRequest) async throws -> AWSResponse {
        let routed = S3Addressing(client: client).route(request, bucket: bucket, key: key)
        return try await client.send(routed.request, host: routed.host, signingPayload: true)
    }

    private func isVersioned(_ bucket: String) async throws -> Bool {
        let answer = try await send(bucket: bucket, AWSRequest(method: "GET", query: [("versioning", "")]))
        guard answer.isSuccess else { throw S3Error.error(answer, bucket: bucket) }
        return XMLNode.parse(answer.body)?.value("Status") == "Enabled"
    }

    /// nil for a key, version or delete marker that is not there; an error for anything else.
    private func absent<T>(_ answer: AWSResponse, bucket: String, key: String, versionId: String?) throws -> T? {
        let code = S3Error.code(of: answer)
        if code == "NoSuchBucket" { throw ObjectStoreError.noSuchBucket(bucket) }
        if answer.status == 404 || answer.status == 405 { return nil }
        // A version id S3 cannot even parse names no version.
        if answer.status == 400, versionId != nil { return nil }
        throw S3Error.error(answer, bucket: bucket, key: key)
    }

    private static func versionQuery(_ versionId: String?) -> [(name: String, value: String)] {
        versionId.map { [("versionId", $0)] } ?? []
    }

    private static func versionId(_ answer: AWSResponse) -> String? {
        answer.header("x-amz-version-id").flatMap { $0 == "null" || $0.isEmpty ? nil : $0 }
    }

    private static func head(_ answer: AWSResponse, key: String, size: Int) -> S3ObjectHead {
        var metadata: [String: String] = [:]
        for (name, value) in answer.headers where name.hasPrefix("x-amz-meta-") {
            metadata[String(name.dropFirst("x-amz-meta-".count))] = MetadataValue.decode(value)
        }
        return S3ObjectHead(
            key: key,
            size: size,
            etag: answer.header("ETag") ?? "",
            contentType: answer.header("Content-Type") ?? ObjectStoreRules.defaultContentType,
            metadata: metadata,
            lastModified: answer.header("Last-Modified").flatMap(HTTPDate.parse) ?? Date(timeIntervalSince1970: 0),
            versionId: versionId(answer)
        )
    }

    private static func key(_ text: String?, encoded: Bool) throws -> String {
        guard let text else { return "" }
        guard encoded else { return text }
        guard let key = URIEncoding.decode(text, plusAsSpace: true) else {
            throw AWSServiceError(
                service: "s3",
                status: 200,
                code: "MalformedResponse",
                message: "listed key \(text) is not URL-encoded UTF-8"
            )
        }
        return key
    }
}
