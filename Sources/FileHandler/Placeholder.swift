// FileHandler
