/// What a contract document may be and how long its links last: FileHandler checks these, the
/// API document states them.
public enum DocumentLimits {
    /// Decoded bytes; a sync Lambda invoke carries at most 6 MB, base64 grows by a third.
    public static let maximumBytes = 4 * 1024 * 1024

    /// The accepted media types (compared without parameters, in lower case).
    public static let contentTypes: Set<String> = [
        "application/pdf", "text/plain", "text/csv", "application/json", "image/png", "image/jpeg",
        "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]

    /// How long a presigned link lasts unless asked otherwise, and the range that may be asked.
    public static let defaultLinkLifetime = 900
    public static let linkLifetimes = 60...3600
}
