import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads for hot loops (listing a directory of 100k names, reading thousands of small files),
/// where FileManager and URL cost more than the system calls themselves. Writes never come
/// here: they go through `DurableFile`.
enum PosixFiles {
    /// The names in a directory, without `.`, `..`, hidden names and temporary files of
    /// unfinished writes; empty when the directory does not exist.
    static func names(in directory: String) throws -> [String] {
        try entries(in: directory) { !$0.hasPrefix(".") && !DurableFile.isTemporary($0) }
    }

    /// Every name in a directory but `.` and `..`, hidden and temporary ones included (for
    /// `doctor`); empty when the directory does not exist.
    static func allNames(in directory: String) throws -> [String] {
        try entries(in: directory) { $0 != "." && $0 != ".." }
    }

    private static func entries(in directory: String, keeping keep: (String) -> Bool) throws -> [String] {
        guard let stream = opendir(directory) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw StorageError.io("open directory \(directory)", errno)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            // A name that is not UTF-8 is none of ours, and a String could not name it again:
            // left out here, and quarantined by `doctor` (`undecodableNames`).
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(validatingCString: $0) }
            }
            if let name, keep(name) { names.append(name) }
        }
        return names
    }

    /// The names in a directory that are not UTF-8, as their bytes.
    static func undecodableNames(in directory: String) throws -> [[UInt8]] {
        guard let stream = opendir(directory) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw StorageError.io("open directory \(directory)", errno)
        }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while let entry = readdir(stream) {
            let bytes = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: UInt8.self, capacity: Int(NAME_MAX) + 1) { pointer in
                    let count = strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
                    return Array(UnsafeBufferPointer(start: pointer, count: count))
                }
            }
            if String(validating: bytes, as: UTF8.self) == nil { names.append(bytes) }
        }
        return names
    }

    /// A file's bytes, or nil when it does not exist; sized by fstat so a read is one system call.
    static func read(_ path: String) throws -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw StorageError.io("open \(path)", errno)
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw StorageError.io("stat \(path)", errno) }
        var data = Data(count: Int(status.st_size))
        var filled = 0
        try data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            while filled < buffer.count {
                let count = SystemCalls.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw StorageError.io("read \(path)", errno)
                }
                if count == 0 { break }
                filled += count
            }
        }
        return filled == data.count ? data : data.prefix(filled)
    }

    /// Whether a path is a directory (not following a symbolic link at its end).
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// A file's size in bytes, or nil when it does not exist.
    static func size(_ path: String) throws -> Int64? {
        var status = stat()
        if stat(path, &status) != 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw StorageError.io("stat \(path)", errno)
        }
        return Int64(status.st_size)
    }

    /// Whether a path exists.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
