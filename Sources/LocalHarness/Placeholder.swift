// LocalHarness
