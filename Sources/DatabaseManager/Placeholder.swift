// DatabaseManager
