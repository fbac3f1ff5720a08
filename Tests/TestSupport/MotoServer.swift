import AWSClients
import Foundation
import Signing

/// A moto server (Python's AWS emulator) for this test process: started on first use on a free
/// port of 127.0.0.1, shared by the suites, and gone with the process (it exits when its
/// standard input, held by this process, closes). `shared` checks every request's Signature
/// Version 4 against an IAM user it creates first (`INITIAL_NO_AUTH_ACTION_COUNT`), so a request
/// signed wrongly fails as it would at AWS. `unchecked` does not: moto rebuilds an S3 path
/// before checking its signature and gets keys with `+`, `=` or non-ASCII wrong (boto3's own
/// requests fail there too), so keys like those are tested on it. Suites are enabled only where
/// python3 has `moto[server]`.
public actor MotoServer {
    public static let shared = MotoServer(checksSignatures: true)
    public static let unchecked = MotoServer(checksSignatures: false)
    /// A server of its own for suites that run `testex-local --backend aws` commands, whose
    /// tables and buckets have the fixed `{env}-testex-*` names; unchecked, since moto cannot
    /// check a presigned link's signature (it answers 500 for a link on a checked server).
    public static let commands = MotoServer(checksSignatures: false)

    public let checksSignatures: Bool

    init(checksSignatures: Bool) {
        self.checksSignatures = checksSignatures
    }

    /// Whether `python3 -c "import moto.server"` succeeds.
    public static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import moto.server, werkzeug, boto3"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// The first three requests (creating the user, its policy and its key) go unchecked.
    private static let script = """
        import json, os, sys
        checked = sys.argv[1] == "checked"
        if checked:
            os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
        import boto3
        from moto.server import ThreadedMotoServer
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        url = "http://127.0.0.1:%d" % server.get_host_and_port()[1]
        if not checked:
            print(url, "testing", "testing", flush=True)
            sys.stdin.read()
            sys.exit(0)
        iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1", aws_access_key_id="setup", aws_secret_access_key="setup")
        iam.create_user(UserName="tests")
        everything = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        iam.put_user_policy(UserName="tests", PolicyName="everything", PolicyDocument=json.dumps(everything))
        key = iam.create_access_key(UserName="tests")["AccessKey"]
        print(url, key["AccessKeyId"], key["SecretAccessKey"], flush=True)
        sys.stdin.read()
        """

    private var starting: Task<(URL, AWSCredentials), Error>?
    private var process: Process?
    private var input: Pipe?

    /// The endpoint and the IAM user's credentials, starting the server on first call. The wait
    /// for its first line (seconds: moto imports slowly) happens on a Dispatch queue, so the
    /// concurrency pool stays free for the suites running meanwhile.
    public func start() async throws -> (URL, AWSCredentials) {
        if let starting { return try await starting.value }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, checksSignatures ? "checked" : "unchecked"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        self.process = process
        self.input = input
        let task = Task {
            try process.run()
            let line = await Self.firstLine(of: output.fileHandleForReading)
            let words = String(decoding: line, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
            guard words.count == 3, let url = URL(string: words[0]), url.port != nil else {
                throw AWSConfigurationError("moto did not start: \(words.joined(separator: " "))")
            }
            return (url, AWSCredentials(accessKeyId: words[1], secretAccessKey: words[2]))
        }
        starting = task
        return try await task.value
    }

    private static func firstLine(of handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue(label: "testex.tests.moto-start").async {
                var line = Data()
                while !line.contains(0x0A) {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    line.append(chunk)
                }
                continuation.resume(returning: line)
            }
        }
    }

    /// Clients' configuration for a server, signed as its IAM user.
    public static func configuration(_ server: MotoServer = shared) async throws -> AWSConfiguration {
        let (endpoint, credentials) = try await server.start()
        return AWSConfiguration(region: "us-east-1", credentials: credentials, endpoint: endpoint)
    }

    /// A name no other test uses: `prefix-` and 12 lower-case hex digits.
    public static func uniqueName(_ prefix: String) -> String {
        prefix + "-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
    }
}
