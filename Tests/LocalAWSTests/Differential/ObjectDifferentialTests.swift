import AWSClients
import Foundation
import LocalAWS
import Shared
import TestSupport
import Testing

/// A seeded sequence of object operations (puts, conditional creates, gets, heads, copies,
/// deletes, listings with prefixes, delimiters, small pages and continuation, versions) sent
/// to the memory store, the file store and the S3 client on moto, every answer compared.
@Suite("Differential: object stores against each other and moto")
struct ObjectDifferentialTests {
    @Test func everyStoreAnswersEveryOperationAlike() async throws {
        let settings = try DifferentialSettings.current()
        let prefix = MotoServer.uniqueName("diff")
        let buckets = [prefix + "-plain", prefix + "-versioned"]
        let scratch = ScratchDirectory("testex-diff-s3")
        defer { scratch.remove() }
        var stores: [(String, any ObjectStore)] = [
            ("memory", MemoryObjectStore()), ("file", FileObjectStore(root: scratch.url)),
        ]
        if MotoServer.isAvailable {
            stores.append(("s3", S3ObjectStore(configuration: try await MotoServer.configuration(.unchecked))))
        }
        for (_, store) in stores {
            try await store.createBucket(buckets[0], versioned: false)
            try await store.createBucket(buckets[1], versioned: true)
        }
        var generator = ObjectOperationGenerator(buckets: buckets, seed: settings.seed)
        var divergences: [KnownDivergence: Int] = [:]
        for number in 0..<settings.objectOperations {
            let operation = generator.next()
            if let divergence = try await Self.divergence(of: operation, versioned: buckets[1], reference: stores[0].1),
                stores.count == 3
            {
                divergences[divergence, default: 0] += 1
                continue
            }
            var outcomes: [ObjectOutcome] = []
            for (_, store) in stores { outcomes.append(await ObjectRunner(store: store).run(operation)) }
            let context = "operation \(number) of \(settings): \(operation)"
            try #require(
                outcomes[1] == outcomes[0],
                "the file store differs from memory at \(context):\n\(outcomes[0])\n\(outcomes[1])"
            )
            guard outcomes.count == 3, outcomes[2] != outcomes[0] else { continue }
            let divergence = try await Self.explain(outcomes[2], outcomes[0], of: operation, reference: stores[0].1)
            try #require(
                divergence != nil,
                "moto differs at \(context):\nstand-ins: \(outcomes[0])\nmoto:      \(outcomes[2])"
            )
            divergences[divergence!, default: 0] += 1
        }
        print(
            "object differential (\(settings)): \(settings.objectOperations) operations on \(stores.map(\.0)); "
                + "known divergences: "
                + (divergences.isEmpty
                    ? "none" : divergences.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
        )
    }

    /// The known divergence that explains moto's answer, if one does.
    static func explain(
        _ moto: ObjectOutcome,
        _ standIns: ObjectOutcome,
        of operation: ObjectOperation,
        reference: any ObjectStore
    ) async throws -> KnownDivergence? {
        if moto.olderVersionsAsASet == standIns.olderVersionsAsASet, case .versions = moto {
            return .motoListsDeleteMarkersLast
        }
        guard case .list(let request) = operation, let motoListed = moto.listed(), let listed = standIns.listed() else {
            return nil
        }
        var phantoms = Set<String>()
        for prefix in Set(motoListed.prefixes).subtracting(listed.prefixes)
        where try await reference.listObjectsV2(bucket: request.bucket, prefix: prefix, maxKeys: 1).contents.isEmpty {
            phantoms.insert(prefix)
        }
        guard !phantoms.isEmpty, let kept = moto.listed(dropping: phantoms), kept == listed else { return nil }
        return .motoListsPrefixesOfDeletedKeys
    }

    /// The known divergence an operation would meet on moto, judged on the reference store's state.
    static func divergence(
        of operation: ObjectOperation,
        versioned: String,
        reference: any ObjectStore
    ) async throws -> KnownDivergence? {
        guard case .delete(let bucket, let key) = operation, bucket == versioned else { return nil }
        let versions = try await reference.listObjectVersions(bucket: bucket, prefix: key).filter { $0.key == key }
        return versions.isEmpty ? .motoNoDeleteMarkerForANewKey : nil
    }
}
