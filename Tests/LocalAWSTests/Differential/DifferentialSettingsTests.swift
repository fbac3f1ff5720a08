import Testing

@Suite("Differential run settings")
struct DifferentialSettingsTests {
    @Test func unsetOrEmptyVariablesGiveWhatSwiftTestRuns() throws {
        for environment in [[:], ["TESTEX_DIFF_SEED": "", "TESTEX_DIFF_OPERATIONS": ""]] {
            let settings = try DifferentialSettings(environment: environment)
            #expect(settings.seed == DifferentialSettings.defaultSeed)
            #expect(settings.tableOperations == 2_000 && settings.objectOperations == 500)
        }
    }

    @Test func aLongerRunGivesObjectsAQuarter() throws {
        let settings = try DifferentialSettings(
            environment: ["TESTEX_DIFF_SEED": "7", "TESTEX_DIFF_OPERATIONS": "10000"])
        #expect(settings.seed == 7 && settings.tableOperations == 10_000 && settings.objectOperations == 2_500)
        #expect(settings.description == "TESTEX_DIFF_SEED=7 TESTEX_DIFF_OPERATIONS=10000")
    }

    @Test(arguments: [
        ("TESTEX_DIFF_SEED", "-1", "TESTEX_DIFF_SEED=-1 is not an unsigned 64-bit integer"),
        ("TESTEX_DIFF_SEED", "seed", "TESTEX_DIFF_SEED=seed is not an unsigned 64-bit integer"),
        ("TESTEX_DIFF_OPERATIONS", "10k", "TESTEX_DIFF_OPERATIONS=10k is not a positive integer"),
        ("TESTEX_DIFF_OPERATIONS", "0", "TESTEX_DIFF_OPERATIONS=0 is not a positive integer"),
    ])
    func aValueThatIsNotANumberFailsTheRunNamingIt(variable: String, value: String, message: String) {
        #expect {
            _ = try DifferentialSettings(environment: [variable: value])
        } throws: { error in
            "\(error)" == message
        }
    }
}
