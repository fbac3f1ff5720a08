import Foundation
import LocalAWS
import NotificationService
import Shared
import WireFormat

/// `testex-local doctor`: one pass over a state directory. Each stand-in checks the files it
/// owns (under its own lock); then come the state marker and the resources initialization makes,
/// and the checks that span stores: documents against their bytes, clients against the guards
/// of their emails, streams against what their event source mappings delivered. With `repair`,
/// each problem is fixed as it is found, without losing acknowledged data.
///
/// The stores' checks are safe while other commands run: they hold the locks the writers hold,
/// and only temporary files of processes that are gone count as leftovers. The cross-store
/// repairs assume no other command is writing (as fsck wants an unmounted disk).
struct Doctor {
    let state: StateDirectory
    let configuration: Configuration
    let clock: Clock

    /// Every problem one pass finds (and, when `repair`ing, what it did about each).
    func run(repair: Bool) async throws -> [StateProblem] {
        let check = StateCheck(root: state.root, repair: repair)
        try check.undecodableNames()
        for name in try FileManager.default.contentsOfDirectory(atPath: state.root.path).sorted() {
            _ = try check.temporaryFile(state.root.appendingPathComponent(name))
        }
        // The queue's files are written the one durable way too; a killed enqueue leaves a temporary file.
        let queue = FileInvocationQueue(root: state.queue)
        // So are the stream checkpoints: a killed save leaves one beside its mapping's files;
        // and the executions' checkpoints, which a campaign killed between two states leaves.
        let mappings = ((try? FileManager.default.contentsOfDirectory(atPath: state.streams.path)) ?? []).map {
            state.streams.appendingPathComponent($0)
        }
        let durable = [
            queue.pendingDirectory, queue.inFlightDirectory, queue.deadLetterDirectory, state.streams, state.executions,
        ]
        for directory in durable + mappings {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
                _ = try check.temporaryFile(directory.appendingPathComponent(name))
            }
        }
        try FileTableStore(root: state.dynamodb).check(check, expected: declaredTables)
        try FileObjectStore(root: state.s3).check(check, expected: declaredBuckets)
        try FileMailOutbox(root: state.outbox, verifiedIdentities: []).check(check)
        let system = self.system(writingLogs: repair)
        try await checkInitialization(system, check)
        do {
            // Changes whose closing steps were not delivered are reported first; then queued
            // steps and those deliveries run (a killed command's among them), so the checks
            // below see what they did; then what a repair queued runs, as after any command.
            try await StreamCheck(system: system, check: check).run()
            if repair { _ = try await system.drain() }
            try await DocumentCheck(system: system, check: check).run()
            try await ClientEmailCheck(system: system, check: check).run()
            try await StreamCheck(system: system, check: check).deadLetters()
            if repair { _ = try await system.drain() }
        } catch {
            // A store too damaged to read: the problems above say why, and their repair makes it readable.
            check.report(state.dynamodb, "documents, email guards and streams could not be checked (\(error))")
        }
        return check.problems
    }

    /// The system on this state; a check writes nothing, so its own invocations log in memory.
    private func system(writingLogs: Bool) -> LocalSystem {
        let files = LocalSystem.open(state: state, configuration: configuration, clock: clock)
        guard !writingLogs else { return files }
        return LocalSystem(
            configuration: configuration,
            clock: clock,
            ids: .random,
            state: state,
            tables: files.tables,
            objects: files.objects,
            outbox: files.outbox,
            logs: MemoryLogStore(),
            queue: files.queue
        )
    }

    /// The state marker, and the tables, buckets and email templates initialization creates.
    /// Initializing again creates exactly what is missing and keeps everything else.
    private func checkInitialization(_ system: LocalSystem, _ check: StateCheck) async throws {
        var missing: [(URL, String)] = []
        if let data = try DurableFile.read(state.marker) {
            if (try? JSON.decode(StateDirectory.Marker.self, from: data)) == nil {
                try check.quarantine(state.marker, "not a valid state marker")
                missing.append((state.marker, "testex-state.json is missing"))
            }
        } else {
            missing.append((state.marker, "testex-state.json is missing"))
        }
        if missing.isEmpty,
            state.initializedEnvironments(format: StateDirectory.format).contains(configuration.environment.rawValue)
        {
            missing += try await missingResources(system)
        }
        for (url, reason) in missing {
            check.record(
                StateProblem(
                    path: check.relative(url),
                    reason: reason,
                    fix: .rebuild,
                    repaired: check.repairing ? "initialized again" : nil
                )
            )
        }
        if check.repairing, !missing.isEmpty {
            try await system.initialize(force: true)
        }
    }

    private func missingResources(_ system: LocalSystem) async throws -> [(URL, String)] {
        var missing: [(URL, String)] = []
        for table in Tables.all.map({ $0.physical(in: configuration) })
        where try await system.tables.describeTable(table.name) == nil {
            missing.append((state.dynamodb.appendingPathComponent(table.name), "table \(table.name) is missing"))
        }
        let buckets = try await system.objects.listBuckets().map(\.name)
        for bucket in Buckets(configuration).all where !buckets.contains(bucket.name) {
            missing.append((state.s3.appendingPathComponent(bucket.name), "bucket \(bucket.name) is missing"))
        }
        let templates = Buckets(configuration).templates
        guard buckets.contains(templates) else { return missing }
        for name in TemplateStore.names(in: BundledTemplates.files)
        where try await system.objects.headObject(bucket: templates, key: TemplateStore.key(name)) == nil {
            missing.append(
                (
                    state.s3.appendingPathComponent("\(templates)/\(TemplateStore.key(name))"),
                    "email template \(name) has no current version"
                )
            )
        }
        return missing
    }

    /// Every table of every environment, as this build declares them.
    private var declaredTables: [TableDefinition] {
        Environment.allCases.flatMap { environment in
            Tables.all.map { $0.physical(in: Configuration(environment: environment)) }
        }
    }

    private var declaredBuckets: [(name: String, versioned: Bool)] {
        Environment.allCases.flatMap { Buckets(Configuration(environment: $0)).all }
    }
}
