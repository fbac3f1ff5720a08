import AWSClients
import Foundation

/// A moto server (Python's AWS emulator) for this test process: started on first use on a free
/// port of 127.0.0.1, shared by the suites, and gone with the process (it exits when its
/// standard input, held by this process, closes). Suites are enabled only where python3 has
/// `moto[server]`, as on CI.
actor MotoServer {
    static let shared = MotoServer()

    /// Whether `python3 -c "import moto.server"` succeeds.
    static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import moto.server, werkzeug"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    private static let script = """
        import sys
        from moto.server import ThreadedMotoServer
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        print("http://127.0.0.1:%d" % server.get_host_and_port()[1], flush=True)
        sys.stdin.read()
        """

    private var endpoint: URL?
    private var process: Process?
    private var input: Pipe?

    /// The endpoint, starting the server on first call.
    func start() throws -> URL {
        if let endpoint { return endpoint }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: text), url.port != nil else { throw AWSConfigurationError("moto did not start: \(text)") }
        self.process = process
        self.input = input
        endpoint = url
        return url
    }

    /// Clients' configuration for the shared server (moto accepts any credentials).
    static func configuration() async throws -> AWSConfiguration {
        AWSConfiguration(region: "us-east-1", credentials: AWSCredentials(accessKeyId: "testing", secretAccessKey: "testing"),
                         endpoint: try await shared.start())
    }

    /// A name no other test uses: `prefix-` and 12 lower-case hex digits.
    static func uniqueName(_ prefix: String) -> String {
        prefix + "-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
    }
}
