import AWSEvents
import Cryptography
import Foundation
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

/// Thousands of mutated API Gateway events through `invoke ApiGateway` in-process (the local
/// authorizer, then the handler): none may crash the process or get a 5xx, and a refused one
/// must leave the state as it was. Seeded: a failure names its iteration and seed, and
/// `TESTEX_FUZZ_SEED=<seed> TESTEX_FUZZ_ITERATIONS=<n>` replays or extends the run.
@Suite("Mutated API events")
struct EventFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seed = environment["TESTEX_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_122
    static let memoryIterations = environment["TESTEX_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 3000
    static let fileIterations = max(1, memoryIterations / 16)
    static let now = Timestamp.parse("2026-11-22T10:00:00Z")!

    /// `events/api`, `events/invalid` and the AWS fixtures of both payload versions, parsed once.
    static let corpus: [JSONValue] = {
        let root = Harness.repositoryRoot
        let folders = [
            root.appendingPathComponent("events/api"), root.appendingPathComponent("events/invalid"),
            EventFixture.directory("apigw-v1"), EventFixture.directory("apigw-v2"),
        ]
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }
                .sorted()
                .compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) }
                .compactMap { try? JSON.decode(JSONValue.self, from: $0) }
        }
    }()

    struct Outcome {
        let status: Int
        let description: String
        var refused: Bool { status >= 400 }
    }

    /// The answer to one event: its HTTP status, or the status of the error the invocation raised.
    static func send(_ payload: Data, to system: LocalSystem) async -> Outcome {
        do {
            let data = try await system.invoke(.apiGateway, payload: payload)
            guard let response = try? JSON.decode(APIGatewayResponse.self, from: data) else {
                return Outcome(
                    status: 599,
                    description: "not a proxy response: \(String(decoding: data.prefix(300), as: UTF8.self))"
                )
            }
            return Outcome(status: response.statusCode, description: response.body.map { String($0.prefix(300)) } ?? "")
        } catch {
            let failure = FunctionError(error)
            return Outcome(status: failure.domainError.status, description: failure.description.prefix(300) + "")
        }
    }

    static func mutator(_ iteration: Int, tokens: [String]) -> EventMutator {
        EventMutator(seed: seed &+ UInt64(iteration) &* 0x9E37_79B9_7F4A_7C15, validTokens: tokens)
    }

    static func tokens(_ system: LocalSystem) -> [String] {
        [
            Caller(subject: "fuzz-admin", role: .admin), Caller(subject: "fuzz-system", role: .system),
            Caller(subject: "fuzz-client", role: .client, clientId: "CL001XYZ"),
            Caller(subject: "fuzz-other", role: .client, clientId: "CL002ABC"),
        ]
        .map { system.token(for: $0) }
    }

    static func seededMemorySystem() async throws -> LocalSystem {
        let system = LocalSystem.memory(
            configuration: Configuration(timeoutScale: 20),
            clock: .constant(now),
            ids: .incrementing()
        )
        try await system.initialize()
        _ = try await SampleData.seed(system)
        return system
    }

    @Test func theCorpusHoldsEverySampleAndFixtureEvent() {
        #expect(Self.corpus.count >= 60, "\(Self.corpus.count)")
    }

    @Test func mutatedEventsInMemoryNeverCrashOrAnswer5xxAndRefusalsChangeNothing() async throws {
        var system = try await Self.seededMemorySystem()
        var tokens = Self.tokens(system)
        var state = try await StateDigest.of(system)
        var refused = 0
        for iteration in 0..<Self.memoryIterations {
            if iteration > 0, iteration % 500 == 0 {
                // Accepted mutations delete and terminate; a fresh state keeps the corpus meaningful.
                system = try await Self.seededMemorySystem()
                tokens = Self.tokens(system)
                state = try await StateDigest.of(system)
            }
            var mutator = Self.mutator(iteration, tokens: tokens)
            let payload = mutator.mutate(mutator.pick(Self.corpus))
            let outcome = await Self.send(payload, to: system)
            let label =
                "iteration \(iteration) (TESTEX_FUZZ_SEED=\(Self.seed)): \(String(decoding: payload.prefix(400), as: UTF8.self))"
            #expect(outcome.status < 500, "\(outcome.status) \(outcome.description) for \(label)")
            let after = try await StateDigest.of(system)
            if outcome.refused {
                refused += 1
                #expect(
                    after == state,
                    "refused with \(outcome.status) but changed the state: \(outcome.description) for \(label)"
                )
            }
            state = after
        }
        #expect(refused > Self.memoryIterations / 4, "most mutations should be refused: \(refused)")
    }

    @Test func mutatedEventsOnAStateDirectoryLeaveItByteIdenticalWhenRefused() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let state = StateDirectory(root: harness.state)
        let system = LocalSystem.open(
            state: state,
            configuration: Configuration(timeoutScale: 20),
            clock: .constant(Self.now),
            keys: try state.signingKeys()
        )
        let tokens = Self.tokens(system)
        var before = harness.snapshot()
        for offset in 0..<Self.fileIterations {
            let iteration = 1_000_000 + offset
            var mutator = Self.mutator(iteration, tokens: tokens)
            let payload = mutator.mutate(mutator.pick(Self.corpus))
            let outcome = await Self.send(payload, to: system)
            let label =
                "iteration \(iteration) (TESTEX_FUZZ_SEED=\(Self.seed)): \(String(decoding: payload.prefix(400), as: UTF8.self))"
            #expect(outcome.status < 500, "\(outcome.status) \(outcome.description) for \(label)")
            let after = harness.snapshot()
            if outcome.refused {
                #expect(
                    after == before,
                    "refused with \(outcome.status) but wrote: \(Self.difference(before, after)) for \(label)"
                )
            }
            before = after
        }
    }

    static func difference(_ before: [String: Data], _ after: [String: Data]) -> [String] {
        Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted().map {
            URL(fileURLWithPath: $0).lastPathComponent
        }
    }
}

/// A digest of everything a request could change in an in-memory system: every table's items,
/// every object with its ETag, every message in the outbox.
enum StateDigest {
    static func of(_ system: LocalSystem) async throws -> Data {
        var text = Data()
        for table in Tables.all {
            var start: Item?
            repeat {
                let page = try await system.tables.scan(
                    ScanRequest(table: system.services.tableName(table), limit: 1000, exclusiveStartKey: start)
                )
                for item in page.items { text += try JSON.encode(item) }
                start = page.lastEvaluatedKey
            } while start != nil
        }
        for bucket in Buckets(system.configuration).all {
            let listing = try await system.objects.listObjectVersions(bucket: bucket.name)
            for version in listing { text += Data("\(version)".utf8) }
        }
        text += Data("\(try await system.outbox.list().count)".utf8)
        return Digest.sha256(text)
    }
}
