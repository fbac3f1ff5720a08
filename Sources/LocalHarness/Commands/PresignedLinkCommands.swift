import Foundation
import LocalAWS
import Shared
import WireFormat

/// `s3 get-url '<link>' [-o FILE]` and `s3 put-url '<link>' --file F`: use a presigned link as
/// S3 would honour it (on a remote backend, S3 itself: `PresignedLinkCommands+Remote.swift`).
/// A malformed link is a usage error (2); an altered, expired, not yet valid
/// or other-method link is refused as S3 answers 403 (4). Nothing is written unless it is honoured.
enum PresignedLinkCommands {
    @Sendable static func get(_ context: CommandContext) async throws -> Int32 {
        let output = try context.arguments.option("-o")
        let link = try context.arguments.next("the presigned link (quoted)")
        try context.arguments.finish()
        if case .aws(let remote) = context.backend {
            return try await remoteGet(link, output: output, links: remote.links, context: context)
        }
        try checkForm(link)
        let system = try await context.openSystem()
        let data: Data
        let object: PresignedObject
        do {
            (object, data, _) = try await PresignedLinkAccess(system: system).download(link)
        } catch let refusal as PresignedLinkAccess.Refusal {
            return try refused(refusal, console: context.console)
        }
        try write(data, of: "s3://\(object.bucket)/\(object.key)", to: output, context: context)
        return TestexLocal.Exit.success
    }

    /// The downloaded bytes to `-o FILE`, else to standard output.
    static func write(_ data: Data, of source: String, to output: String?, context: CommandContext) throws {
        if let output {
            let url =
                output.hasPrefix("/")
                ? URL(fileURLWithPath: output)
                : URL(fileURLWithPath: context.currentDirectory).appendingPathComponent(output)
            try DurableFile.write(data, to: url)
            context.console.err("wrote \(data.count) bytes of \(source) to \(output)")
        } else if context.console.isCapturing {
            context.console.out(String(decoding: data, as: UTF8.self))
        } else {
            FileHandle.standardOutput.write(data)
        }
    }

    /// The link carries the file id, content type and uploader signed in; the upload goes
    /// through FileHandler, which stores the bytes and records the document's metadata, so the
    /// document shows in the contract's file list. A link serves one upload: its file id is then taken.
    @Sendable static func put(_ context: CommandContext) async throws -> Int32 {
        guard let file = try context.arguments.option("--file") else {
            throw UsageError("put-url needs --file FILE (or --file - for standard input)")
        }
        let link = try context.arguments.next("the presigned link (quoted)")
        try context.arguments.finish()
        if case .aws = context.backend { try checkRemoteForm(link) } else { try checkForm(link) }
        let data = try context.readInput(file)
        guard data.count <= LambdaLimits.maximumPayloadBytes else {
            context.console.err(
                "testex-local: \(file) is \(data.count) bytes; an upload carries at most "
                    + "\(LambdaLimits.maximumPayloadBytes)"
            )
            return TestexLocal.Exit.clientError
        }
        if case .aws(let remote) = context.backend {
            return try await remotePut(link, data: data, links: remote.links, context: context)
        }
        let system = try await context.openSystem()
        do {
            let record = try await PresignedLinkAccess(system: system).upload(link, data: data)
            context.console.out(JSON.string(record, pretty: true))
            return TestexLocal.Exit.success
        } catch let refusal as PresignedLinkAccess.Refusal {
            return try refused(refusal, console: context.console)
        }
    }

    private static func checkForm(_ link: String) throws {
        do {
            try LocalURLPresigner.checkForm(link)
        } catch PresignedURLError.malformed(let message) {
            throw UsageError("not a presigned link of the S3 stand-in: \(message)")
        }
    }

    /// Says why on stderr and gives the exit code; a malformed link is a usage error.
    private static func refused(_ refusal: PresignedLinkAccess.Refusal, console: Console) throws -> Int32 {
        switch refusal {
        case .malformed(let message): throw UsageError(message)
        case .denied(let error): console.err("testex-local: link refused (403 AccessDenied): \(error)")
        case .noObject(let bucket, let key):
            console.err("testex-local: no object s3://\(bucket)/\(key) (deleted, or archived since the link was made)")
        case .notAnUploadLink:
            console.err("testex-local: the link is signed but is not an upload link for a contract document")
        case .tooLarge(let bytes):
            console.err(
                "testex-local: the upload is \(bytes) bytes; an upload carries at most "
                    + "\(LambdaLimits.maximumPayloadBytes)"
            )
        case .refused(let error):
            console.err("testex-local: upload refused (\(error.status) \(error.code)): \(error.message)")
            return error.status >= 500 ? TestexLocal.Exit.serverError : TestexLocal.Exit.clientError
        }
        return TestexLocal.Exit.clientError
    }
}
