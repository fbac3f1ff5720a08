import Foundation

/// Where an object key lives inside its bucket directory. The key is never trusted as a path:
/// it is split on `/` into segments and every segment becomes one `PathComponent`, so `..`,
/// empty segments, leading `/` and NUL-free control characters all stay inside the bucket.
///
/// Directories keep the key's `/` structure so a person can browse to an object; the object's
/// own files carry suffixes (`.object`, `.object.json`, `.versions`) that a directory segment
/// never ends with, which lets key `a` and key `a/b` exist together as S3 allows.
struct ObjectKeyPath: Hashable {
    static let dataSuffix = ".object"
    static let metadataSuffix = ".object.json"
    static let versionsSuffix = ".versions"
    static let reservedSuffixes = [dataSuffix, metadataSuffix, versionsSuffix]

    /// Encoded directory segments, outermost first.
    let directories: [String]
    /// The encoded last segment; the object's files are named from it.
    let name: String

    init(key: String) {
        // Split on the byte, not on Characters: a `/` followed by a combining mark is still a
        // separator in S3's byte-oriented view of keys.
        let segments = key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        directories = segments.dropLast().map { PathComponent.encode($0, reservedSuffixes: Self.reservedSuffixes) }
        name = PathComponent.encode(segments.last ?? "")
    }

    /// The directory holding the object's files.
    func directory(in bucket: URL) -> URL {
        directories.reduce(bucket) { $0.appendingPathComponent($1, isDirectory: true) }
    }

    /// Unversioned buckets: the metadata file, whose rename commits a put.
    var metadataFileName: String { name + Self.metadataSuffix }

    /// Unversioned buckets: a data file; each put writes a new generation so the committed
    /// metadata always names bytes that are complete.
    func dataFileName(generation: String) -> String { name + "." + generation + Self.dataSuffix }

    /// Whether a file name is a data file of this object (current or left by an interrupted put).
    func isDataFile(_ fileName: String) -> Bool {
        let bytes = Array(fileName.utf8)
        let prefix = Array((name + ".").utf8)
        guard bytes.count == prefix.count + Self.generationLength + Self.dataSuffix.utf8.count,
            bytes.starts(with: prefix), fileName.hasByteSuffix(Self.dataSuffix)
        else { return false }
        return bytes[prefix.count..<prefix.count + Self.generationLength].allSatisfy(\.isLowercaseHexDigit)
    }

    /// Versioned buckets: the directory holding one pair of files per version.
    var versionsDirectoryName: String { name + Self.versionsSuffix }

    /// Hex characters in a data file's generation.
    static let generationLength = 8
}

extension UInt8 {
    /// `0-9` or `a-f`: the digits of the hex names the stores generate.
    var isLowercaseHexDigit: Bool { (self >= 0x30 && self <= 0x39) || (self >= 0x61 && self <= 0x66) }
}
