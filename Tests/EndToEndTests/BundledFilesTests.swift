import Foundation
import Shared
import Testing

@testable import LocalHarness

/// The files compiled into `testex-local` are the repository's, byte for byte (the email
/// templates are checked through `init` in NotificationServiceTests).
@Suite("Bundled files")
struct BundledFilesTests {
    @Test func theBundledStateMachinesAreTheDefinitionsOfInfrastructure() throws {
        let directory = Harness.repositoryRoot.appendingPathComponent("infrastructure/statemachines")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".asl.json") }
        #expect(Set(names) == Set(BundledStateMachines.files.keys))
        for name in names {
            let onDisk = try Data(contentsOf: directory.appendingPathComponent(name))
            #expect(
                Data((BundledStateMachines.files[name] ?? "").utf8) + Data("\n".utf8) == onDisk,
                "\(name) differs from infrastructure/statemachines/; run scripts/embed-state-machines.sh"
            )
        }
    }

    /// The campaign machine's names are made without building its definition: they must start
    /// executions where the built definition starts.
    @Test func theCampaignMachineStartsWhereItsBuiltDefinitionStarts() throws {
        let configuration = Configuration()
        let definition = try CampaignStateMachine.definition(configuration, account: LocalSystem.account)
        #expect(!definition.startAt.isEmpty)
        #expect(CampaignStateMachine.names(configuration, account: LocalSystem.account).startAt == definition.startAt)
    }
}
