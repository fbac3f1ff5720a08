import Cryptography
import Foundation
import Shared
import WireFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One bucket directory of `FileObjectStore` and the file operations on it.
///
/// Unversioned bucket, key `contracts/CT001ABC/contract.pdf`:
///     <bucket>/contracts/CT001ABC/contract.pdf.object.json        metadata (its rename commits)
///     <bucket>/contracts/CT001ABC/contract.pdf.<8 hex>.object     the bytes it names
/// Versioned bucket, every version kept:
///     <bucket>/backups/CT001ABC.json.versions/<version-id>.object        the bytes
///     <bucket>/backups/CT001ABC.json.versions/<version-id>.object.json   metadata (commit)
/// Names starting with `.` are the store's own (`.bucket.json`, `.lock`, temp files) and are
/// never objects, because encoded key segments never start with `.`.
struct FileBucket {
    static let configurationFileName = ".bucket.json"
    static let lockFileName = ".lock"

    let url: URL
    let info: BucketInfo

    var lockURL: URL { url.appendingPathComponent(Self.lockFileName) }

    // MARK: Reading (no lock: every file is replaced by rename, so reads see whole files)

    /// The current version of `key` when `versionId` is nil, else that version; nil when absent.
    func version(of key: String, versionId: String?) throws -> (version: StoredObjectVersion, file: URL?)? {
        let path = ObjectKeyPath(key: key)
        let directory = path.directory(in: url)
        if !info.versioned {
            guard versionId == nil || versionId == "null" else { return nil }
            guard let record = try readRecord(directory.appendingPathComponent(path.metadataFileName)),
                record.hasKey(key)
            else { return nil }
            guard let dataFile = record.dataFile, path.isDataFile(dataFile) else {
                throw StorageError.corrupt("\(directory.path)/\(path.metadataFileName) names no data file")
            }
            return (record, directory.appendingPathComponent(dataFile))
        }
        let versions = directory.appendingPathComponent(path.versionsDirectoryName)
        guard let id = try versionId ?? versionIDs(in: versions).last, VersionID.sequence(of: id) != nil,
            let record = try readRecord(versions.appendingPathComponent(id + ObjectKeyPath.metadataSuffix)),
            record.hasKey(key)
        else { return nil }
        return (record, record.deleteMarker ? nil : versions.appendingPathComponent(id + ObjectKeyPath.dataSuffix))
    }

    /// The object with its bytes, or nil when absent or a delete marker.
    func object(_ key: String, versionId: String?) throws -> S3Object? {
        // A concurrent overwrite may remove the data file named by the metadata just read;
        // reading the metadata again then finds the new generation.
        for _ in 0..<8 {
            guard let (version, file) = try self.version(of: key, versionId: versionId), !version.deleteMarker,
                let file
            else { return nil }
            if let data = try DurableFile.read(file), data.count == version.size {
                return S3Object(head: version.head, data: data)
            }
            if info.versioned { throw StorageError.corrupt("\(file.path) is missing or truncated") }
        }
        throw StorageError.corrupt("the data of \(key.debugDescription) in \(info.name) keeps changing or is missing")
    }

    /// Every key under `prefix` with its versions, oldest first. Directories that cannot hold a
    /// key with the prefix are not entered.
    func allVersions(prefix: String) throws -> [[StoredObjectVersion]] {
        var found: [[StoredObjectVersion]] = []
        try collect(in: url, path: [], prefix: Array(prefix.utf8), into: &found)
        return found
    }

    private func collect(
        in directory: URL,
        path: [UInt8]?,
        prefix: [UInt8],
        into found: inout [[StoredObjectVersion]]
    ) throws {
        for name in try entries(of: directory) where !name.hasBytePrefix(".") {
            let entry = directory.appendingPathComponent(name)
            if name.hasByteSuffix(ObjectKeyPath.metadataSuffix) {
                if !info.versioned, let record = try readRecord(entry), record.key.utf8.starts(with: prefix) {
                    found.append([record])
                }
            } else if name.hasByteSuffix(ObjectKeyPath.dataSuffix) {
                continue
            } else if info.versioned, name.hasByteSuffix(ObjectKeyPath.versionsSuffix) {
                let versions = try versionIDs(in: entry).compactMap {
                    try readRecord(entry.appendingPathComponent($0 + ObjectKeyPath.metadataSuffix))
                }
                if let first = versions.first, first.key.utf8.starts(with: prefix) { found.append(versions) }
            } else {
                let child = path.flatMap { path in
                    PathComponent.decode(name).map { path + Array($0.utf8) + [UInt8(ascii: "/")] }
                }
                if let child, !Self.mayHoldKeys(under: child, withPrefix: prefix) { continue }
                try collect(in: entry, path: child, prefix: prefix, into: &found)
            }
        }
    }

    /// Whether a directory holding keys that start with `path` may hold keys starting with
    /// `prefix`. ASCII letters compare case-insensitively and the first non-ASCII byte ends the
    /// comparison, so a directory that a case-insensitive or normalizing file system (macOS)
    /// shares between two spellings is never skipped.
    static func mayHoldKeys(under path: [UInt8], withPrefix prefix: [UInt8]) -> Bool {
        for (a, b) in zip(path, prefix) {
            if a >= 0x80 || b >= 0x80 { return true }
            if a | (a.isASCIILetter ? 0x20 : 0) != b | (b.isASCIILetter ? 0x20 : 0) { return false }
        }
        return true
    }

    /// Committed version ids in a versions directory, oldest first.
    func versionIDs(in directory: URL) throws -> [String] {
        try entries(of: directory)
            .filter { $0.hasByteSuffix(ObjectKeyPath.metadataSuffix) }
            .map { String($0.utf8.dropLast(ObjectKeyPath.metadataSuffix.utf8.count))! }
            .filter { VersionID.sequence(of: $0) != nil }
            .sorted()
    }

    /// The record in a metadata file, nil when there is none.
    func readRecord(_ file: URL) throws -> StoredObjectVersion? {
        guard let data = try DurableFile.read(file) else { return nil }
        do {
            return try JSON.decode(StoredObjectVersion.self, from: data)
        } catch {
            throw StorageError.corrupt("\(file.path) is not an object record: \(error)")
        }
    }

    /// Names in a directory; empty when it does not exist (it may vanish while a listing runs).
    func entries(of directory: URL) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            if !FileManager.default.fileExists(atPath: directory.path) { return [] }
            throw error
        }
    }

    // MARK: Writing (callers hold the bucket lock)

    /// Stores a new version; data first, then the metadata whose rename commits it.
    func put(_ write: ObjectWrite, at date: Date) throws -> PutObjectResult {
        let path = ObjectKeyPath(key: write.key)
        let directory = path.directory(in: url)
        if info.versioned {
            let versions = directory.appendingPathComponent(path.versionsDirectoryName)
            let ids = try versionIDs(in: versions)
            try checkNoCollision(
                write.key,
                with: ids.last.map { versions.appendingPathComponent($0 + ObjectKeyPath.metadataSuffix) }
            )
            let id = VersionID.make(sequence: (ids.last.flatMap(VersionID.sequence) ?? 0) + 1)
            try DurableFile.write(write.data, to: versions.appendingPathComponent(id + ObjectKeyPath.dataSuffix))
            try commit(
                write.version(id: id, at: date),
                to: versions.appendingPathComponent(id + ObjectKeyPath.metadataSuffix)
            )
            try removeUncommittedVersionData(in: versions)
            return PutObjectResult(etag: write.etag, versionId: id)
        }
        let metadata = directory.appendingPathComponent(path.metadataFileName)
        try checkNoCollision(write.key, with: metadata)
        let dataFile = path.dataFileName(generation: SecureRandom.hex(count: ObjectKeyPath.generationLength / 2))
        try DurableFile.write(write.data, to: directory.appendingPathComponent(dataFile))
        try commit(write.version(id: nil, at: date, dataFile: dataFile), to: metadata)
        try removeDataFiles(of: path, in: directory, keeping: dataFile)
        return PutObjectResult(etag: write.etag, versionId: nil)
    }

    /// Removes the object (metadata first, so it vanishes at once), or adds a delete marker.
    func delete(_ key: String, at date: Date) throws -> DeleteObjectResult {
        let path = ObjectKeyPath(key: key)
        let directory = path.directory(in: url)
        if info.versioned {
            let versions = directory.appendingPathComponent(path.versionsDirectoryName)
            let ids = try versionIDs(in: versions)
            try checkNoCollision(
                key,
                with: ids.last.map { versions.appendingPathComponent($0 + ObjectKeyPath.metadataSuffix) }
            )
            let id = VersionID.make(sequence: (ids.last.flatMap(VersionID.sequence) ?? 0) + 1)
            try commit(
                .deleteMarker(key: key, versionId: id, at: date),
                to: versions.appendingPathComponent(id + ObjectKeyPath.metadataSuffix)
            )
            return DeleteObjectResult(versionId: id, deleteMarker: true)
        }
        let metadata = directory.appendingPathComponent(path.metadataFileName)
        guard let record = try readRecord(metadata), record.hasKey(key) else {
            return DeleteObjectResult(versionId: nil, deleteMarker: false)
        }
        try DurableFile.remove(metadata)
        try removeDataFiles(of: path, in: directory, keeping: nil)
        removeEmptyDirectories(from: directory)
        return DeleteObjectResult(versionId: nil, deleteMarker: false)
    }

    private func commit(_ version: StoredObjectVersion, to file: URL) throws {
        try DurableFile.write(JSON.encodePretty(version), to: file)
    }

    /// On a case-insensitive or normalizing file system two distinct keys can land on the same
    /// files; refuse rather than let one silently replace the other.
    private func checkNoCollision(_ key: String, with metadata: URL?) throws {
        guard let metadata, let existing = try readRecord(metadata), !existing.hasKey(key) else { return }
        throw ObjectStoreError.invalidRequest(
            "key \(key.debugDescription) maps to the same file as existing key "
                + "\(existing.key.debugDescription) on this file system"
        )
    }

    /// Data files of the key other than the committed one: the replaced generation, and any
    /// left by a put that was interrupted before its commit.
    private func removeDataFiles(of path: ObjectKeyPath, in directory: URL, keeping current: String?) throws {
        for name in try entries(of: directory) where path.isDataFile(name) && name != current {
            try DurableFile.remove(directory.appendingPathComponent(name))
        }
    }

    /// Data files of versions whose metadata was never committed (an interrupted put).
    private func removeUncommittedVersionData(in versions: URL) throws {
        let committed = Set(try versionIDs(in: versions))
        for name in try entries(of: versions)
        where name.hasByteSuffix(ObjectKeyPath.dataSuffix) && !name.hasBytePrefix(".") {
            let id = String(name.utf8.dropLast(ObjectKeyPath.dataSuffix.utf8.count))!
            if !committed.contains(id) { try DurableFile.remove(versions.appendingPathComponent(name)) }
        }
    }

    /// S3 has no directories: once a directory holds no object it goes, up to the bucket.
    /// rmdir refuses a directory that is not empty, which ends the walk.
    private func removeEmptyDirectories(from directory: URL) {
        var current = directory.standardizedFileURL
        let bucket = url.standardizedFileURL
        while current.path.count > bucket.path.count, rmdir(current.path) == 0 {
            current = current.deletingLastPathComponent().standardizedFileURL
        }
    }
}

extension UInt8 {
    fileprivate var isASCIILetter: Bool { (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) }
}
