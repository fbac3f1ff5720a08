import Foundation
import Shared
import WireFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `doctor` for the S3 stand-in: every bucket's configuration, object metadata and data files,
/// checked (and repaired) while holding the bucket's lock.
///
/// The data files are the objects' bytes; a metadata file commits a version and describes its
/// bytes (size, ETag = MD5). Metadata that disagrees with its bytes is rebuilt from them (the old
/// file is kept in quarantine); metadata that cannot be read goes to quarantine with its bytes;
/// a data file no metadata names is what an interrupted or superseded put leaves, never an
/// acknowledged object, and is removed.
extension FileObjectStore {
    /// Checks every bucket directory; `expected` are the buckets this build declares.
    public func check(_ check: StateCheck, expected: [(name: String, versioned: Bool)]) throws {
        for name in try PosixFiles.allNames(in: root.path).sorted() {
            let url = root.appendingPathComponent(name, isDirectory: true)
            if try check.temporaryFile(url) { continue }
            guard PosixFiles.isDirectory(url.path), (try? ObjectStoreRules.validateBucketName(name)) != nil else {
                try check.quarantine(url, "unexpected among the bucket directories")
                continue
            }
            try check.locked(url.appendingPathComponent(FileBucket.lockFileName)) {
                guard
                    let info = try checkConfiguration(
                        url,
                        name: name,
                        check,
                        expected: expected.first { $0.name == name }
                    )
                else { return }
                try FileBucket(url: url, info: info).check(url, check)
            }
        }
    }

    /// The metadata file of an object in an unversioned bucket, for naming it in a problem.
    public func metadataFile(bucket: String, key: String) -> URL {
        let path = ObjectKeyPath(key: key)
        return path.directory(in: root.appendingPathComponent(bucket, isDirectory: true)).appendingPathComponent(
            path.metadataFileName
        )
    }

    /// The bucket as its `.bucket.json` describes it, rebuilt from the declaration when unreadable.
    private func checkConfiguration(
        _ url: URL,
        name: String,
        _ check: StateCheck,
        expected: (name: String, versioned: Bool)?
    ) throws -> BucketInfo? {
        let file = url.appendingPathComponent(FileBucket.configurationFileName)
        let problem: String
        if let data = try DurableFile.read(file) {
            do {
                let configuration = try JSON.decode(BucketConfiguration.self, from: data)
                guard configuration.name == name else {
                    throw StorageError.corrupt("names bucket \(configuration.name)")
                }
                if let expected, expected.versioned != configuration.versioned {
                    // Versioning decides how the files are laid out: changing it is not a repair.
                    check.report(
                        file,
                        "bucket \(name) is declared \(expected.versioned ? "" : "un")versioned but stored the other way"
                    )
                }
                return configuration.info
            } catch {
                problem = "not a bucket configuration (\(error))"
            }
        } else {
            problem = ".bucket.json is missing"
        }
        guard let expected else {
            check.report(file, "\(problem); \(name) is not a bucket this build declares")
            return nil
        }
        let configuration = BucketConfiguration(name: name, versioned: expected.versioned, creationDate: Date())
        try check.rebuild(file, problem) { try DurableFile.write(JSON.encodePretty(configuration), to: file) }
        return configuration.info
    }
}

extension FileBucket {
    /// Checks one directory of the bucket and everything under it.
    func check(_ directory: URL, _ check: StateCheck) throws {
        let isRoot = directory.standardizedFileURL.path == url.standardizedFileURL.path
        let names = try PosixFiles.allNames(in: directory.path).sorted()
        var claimed = Set<String>()
        var dataFiles: [String] = []
        for name in names {
            let entry = directory.appendingPathComponent(name)
            if isRoot, name == Self.configurationFileName || name == Self.lockFileName { continue }
            if try check.temporaryFile(entry) { continue }
            if name.hasPrefix(".") {
                try check.quarantine(entry, "unexpected in a bucket")
            } else if PosixFiles.isDirectory(entry.path) {
                if info.versioned, name.hasByteSuffix(ObjectKeyPath.versionsSuffix) {
                    try checkVersions(entry, check)
                } else {
                    try self.check(entry, check)
                }
            } else if !info.versioned, name.hasByteSuffix(ObjectKeyPath.metadataSuffix) {
                claimed.formUnion(try checkMetadata(entry, in: directory, names: names, check))
            } else if !info.versioned, name.hasByteSuffix(ObjectKeyPath.dataSuffix) {
                dataFiles.append(name)
            } else {
                try check.quarantine(entry, "unexpected in a bucket")
            }
        }
        try removeUnclaimed(dataFiles, claimed: claimed, in: directory, check)
        try checkEmpty(directory, wasEmpty: names.isEmpty, isRoot: isRoot, check)
    }

    /// One unversioned object's metadata; returns the data files it accounts for.
    private func checkMetadata(
        _ file: URL,
        in directory: URL,
        names: [String],
        _ check: StateCheck
    ) throws -> Set<String> {
        let stem = String(file.lastPathComponent.utf8.dropLast(ObjectKeyPath.metadataSuffix.utf8.count))!
        // Every generation of this object's bytes: `<stem>.<8 hex>.object`.
        let generations = names.filter { name in
            name.hasBytePrefix(stem + ".") && name.hasByteSuffix(ObjectKeyPath.dataSuffix)
                && name.utf8.count == stem.utf8.count + 1 + ObjectKeyPath.generationLength
                    + ObjectKeyPath.dataSuffix.utf8.count
        }
        let companions = generations.map { directory.appendingPathComponent($0) }
        guard let record = try readable(file, check, companions: companions) else { return Set(generations) }
        let path = ObjectKeyPath(key: record.key)
        guard !record.deleteMarker, record.versionId == nil,
            path.directory(in: url).standardizedFileURL.path == directory.standardizedFileURL.path,
            path.metadataFileName == file.lastPathComponent
        else {
            try check.quarantine(
                file,
                "describes \(record.key.debugDescription), whose files belong elsewhere",
                with: companions
            )
            return Set(generations)
        }
        guard let dataFile = record.dataFile, path.isDataFile(dataFile) else {
            try check.quarantine(file, "names no data file", with: companions)
            return Set(generations)
        }
        try checkBytes(of: record, metadata: file, data: directory.appendingPathComponent(dataFile), check)
        return [dataFile]
    }

    /// A versions directory of a versioned bucket: one metadata file per version, and the bytes
    /// of each version that is not a delete marker.
    private func checkVersions(_ directory: URL, _ check: StateCheck) throws {
        let names = try PosixFiles.allNames(in: directory.path).sorted()
        var claimed = Set<String>()
        var dataFiles: [String] = []
        for name in names {
            let entry = directory.appendingPathComponent(name)
            if try check.temporaryFile(entry) { continue }
            if name.hasByteSuffix(ObjectKeyPath.metadataSuffix),
                let id = String(name.utf8.dropLast(ObjectKeyPath.metadataSuffix.utf8.count)),
                VersionID.sequence(of: id) != nil
            {
                let data = directory.appendingPathComponent(id + ObjectKeyPath.dataSuffix)
                claimed.insert(data.lastPathComponent)
                guard let record = try readable(entry, check, companions: [data]) else { continue }
                let path = ObjectKeyPath(key: record.key)
                guard record.versionId == id,
                    path.directory(in: url).appendingPathComponent(path.versionsDirectoryName).standardizedFileURL.path
                        == directory.standardizedFileURL.path
                else {
                    try check.quarantine(
                        entry,
                        "describes \(record.key.debugDescription) version "
                            + "\(record.versionId ?? "null"), whose files belong elsewhere",
                        with: [data]
                    )
                    continue
                }
                if !record.deleteMarker { try checkBytes(of: record, metadata: entry, data: data, check) }
            } else if name.hasByteSuffix(ObjectKeyPath.dataSuffix), !PosixFiles.isDirectory(entry.path) {
                dataFiles.append(name)
            } else {
                try check.quarantine(entry, "unexpected in a versions directory")
            }
        }
        try removeUnclaimed(dataFiles, claimed: claimed, in: directory, check)
        try checkEmpty(directory, wasEmpty: names.isEmpty, isRoot: false, check)
    }

    /// Data files no metadata names: what a put stopped before its commit leaves, or the
    /// generation a later put replaced; never the bytes of an acknowledged object.
    private func removeUnclaimed(
        _ dataFiles: [String],
        claimed: Set<String>,
        in directory: URL,
        _ check: StateCheck
    ) throws {
        for name in dataFiles where !claimed.contains(name) {
            try check.remove(
                directory.appendingPathComponent(name),
                "data file no metadata names (an interrupted or superseded put)"
            )
        }
    }

    /// The record in a metadata file; an unreadable one goes to quarantine with its bytes.
    private func readable(_ file: URL, _ check: StateCheck, companions: [URL]) throws -> StoredObjectVersion? {
        guard let data = try DurableFile.read(file) else { return nil }
        do {
            return try JSON.decode(StoredObjectVersion.self, from: data)
        } catch {
            try check.quarantine(file, "not valid object metadata (\(error)); its bytes go with it", with: companions)
            return nil
        }
    }

    /// The bytes must be there, with the size and ETag their metadata gives.
    private func checkBytes(of record: StoredObjectVersion, metadata: URL, data file: URL, _ check: StateCheck) throws {
        guard let data = try DurableFile.read(file) else {
            try check.quarantine(
                metadata,
                "names \(file.lastPathComponent), which is missing: the bytes of "
                    + "\(record.key.debugDescription) are lost"
            )
            return
        }
        let etag = ObjectStoreRules.etag(of: data)
        guard data.count != record.size || etag != record.etag else { return }
        var rebuilt = record
        rebuilt.size = data.count
        rebuilt.etag = etag
        try check.rebuild(
            metadata,
            "metadata disagrees with the bytes of \(file.lastPathComponent) (size \(record.size), ETag \(record.etag); "
                + "the bytes: \(data.count), \(etag))",
            keepingOriginal: true
        ) {
            try DurableFile.write(JSON.encodePretty(rebuilt), to: metadata)
        }
    }

    /// S3 has no empty directories: one found empty is what an interrupted delete leaves; one the
    /// repair emptied goes silently, as the store's own deletes remove theirs.
    private func checkEmpty(_ directory: URL, wasEmpty: Bool, isRoot: Bool, _ check: StateCheck) throws {
        guard !isRoot else { return }
        if wasEmpty {
            try check.remove(directory, "empty directory left by an interrupted delete")
        } else if check.repairing, try PosixFiles.allNames(in: directory.path).isEmpty {
            rmdir(directory.path)
        }
    }
}
