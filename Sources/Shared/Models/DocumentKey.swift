/// Where a contract document lives in the files bucket: `contracts/<contract_id>/<file_id>/<filename>`.
public struct DocumentKey: Sendable, Hashable {
    public var contractId: String
    public var fileId: String
    public var filename: String

    public init(contractId: String, fileId: String, filename: String) {
        self.contractId = contractId
        self.fileId = fileId
        self.filename = filename
    }

    /// The parts of a document key, or nil when `key` is not one.
    public init?(parsing key: String) {
        let parts = key.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "contracts", Validate.isId(parts[1], prefix: "CT"),
            Validate.isId(parts[2], prefix: "FL", length: 12), !parts[3].isEmpty, !parts[3].contains("/")
        else { return nil }
        self.init(contractId: parts[1], fileId: parts[2], filename: parts[3])
    }

    public var key: String { "contracts/\(contractId)/\(fileId)/\(filename)" }
}
