import AWSEvents
import FileHandler
import Foundation
import Shared
import WireFormat

/// `s3 get-url` and `s3 put-url` on a remote backend: the link's request goes to S3 (or the
/// emulator) as curl would send it, and S3 decides. An upload is then recorded as S3's
/// notification to FileHandler records it on AWS: the harness delivers that notification, as
/// it delivers the table streams' records after a command.
extension PresignedLinkCommands {
    static func remoteGet(
        _ link: String,
        output: String?,
        links: any PresignedLinkClient,
        context: CommandContext
    ) async throws -> Int32 {
        try checkRemoteForm(link)
        let answer = try await links.send("GET", to: link, body: nil, headers: [:])
        guard answer.status == 200 else { return refusedRemotely(answer, console: context.console) }
        try write(answer.body, of: String(link.prefix { $0 != "?" }), to: output, context: context)
        return TestexLocal.Exit.success
    }

    static func remotePut(
        _ link: String,
        data: Data,
        links: any PresignedLinkClient,
        context: CommandContext
    ) async throws -> Int32 {
        let object = try checkRemoteForm(link)
        let system = try await context.openSystem(runsFunctions: true)
        var headers = object.metadata["content-type"].map { ["Content-Type": $0] } ?? [:]
        if object.signedHeaders.contains("if-none-match") { headers["If-None-Match"] = "*" }
        let answer = try await links.send("PUT", to: link, body: data, headers: headers)
        guard (200..<300).contains(answer.status) else { return refusedRemotely(answer, console: context.console) }
        guard let bucket = object.bucket, let key = object.key else {
            context.console.err(
                "testex-local: uploaded; the link names no bucket and key of this system, so nothing records it"
            )
            return TestexLocal.Exit.success
        }
        let event = S3Event.objectCreated(
            bucket: bucket,
            key: key,
            size: data.count,
            etag: ObjectStoreRules.etag(of: data),
            region: system.configuration.region,
            at: system.clock.now()
        )
        let result = try await system.lambda.invoke(.fileHandler, event, as: LinkUploadResult.self, parent: nil)
        guard let record = result.recorded.first else {
            let reason = result.skipped.first?.reason ?? "no reason given"
            context.console.err("testex-local: uploaded, but FileHandler did not record it: \(reason)")
            return TestexLocal.Exit.clientError
        }
        context.console.out(JSON.string(record, pretty: true))
        return TestexLocal.Exit.success
    }

    /// What a remote link names, read from its URL: path-style (`/<bucket>/<key>`, at an endpoint)
    /// or virtual-hosted (`<bucket>.s3.<region>.amazonaws.com/<key>`), its `x-amz-meta-*` values
    /// and the headers it signs (which the request must carry).
    struct RemoteLink {
        var bucket: String?
        var key: String?
        var metadata: [String: String] = [:]
        var signedHeaders: [String] = []
    }

    @discardableResult
    static func checkRemoteForm(_ link: String) throws -> RemoteLink {
        guard let components = URLComponents(string: link),
            ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw UsageError("not a presigned S3 link: it is not an http(s) URL")
        }
        let items = components.queryItems ?? []
        guard items.contains(where: { $0.name == "X-Amz-Signature" }),
            items.contains(where: { $0.name == "X-Amz-Credential" })
        else {
            throw UsageError("not a presigned S3 link: it has no X-Amz-Credential and X-Amz-Signature")
        }
        var link = RemoteLink()
        link.signedHeaders =
            items.first { $0.name == "X-Amz-SignedHeaders" }?.value?.split(separator: ";").map(String.init) ?? []
        for item in items where item.name.lowercased().hasPrefix("x-amz-meta-") {
            link.metadata[String(item.name.dropFirst("x-amz-meta-".count)).lowercased()] = item.value ?? ""
        }
        let path = String(components.path.dropFirst())
        if let dot = host.range(of: ".s3."), host.hasSuffix(".amazonaws.com") {
            (link.bucket, link.key) = (String(host[..<dot.lowerBound]), path)
        } else if let slash = path.firstIndex(of: "/") {
            (link.bucket, link.key) = (String(path[..<slash]), String(path[path.index(after: slash)...]))
        }
        if link.key?.isEmpty == true { link.key = nil }
        return link
    }

    /// S3's refusal, said on stderr; 4 for a 4xx (403 for an altered or expired link), 5 for a 5xx.
    private static func refusedRemotely(_ answer: PresignedLinkAnswer, console: Console) -> Int32 {
        let why =
            answer.error.map { "\($0.code): \($0.message)" } ?? String(decoding: answer.body.prefix(200), as: UTF8.self)
        console.err("testex-local: link refused (\(answer.status)\(answer.error.map { " " + $0.code } ?? "")): \(why)")
        return answer.status >= 500 ? TestexLocal.Exit.serverError : TestexLocal.Exit.clientError
    }
}
