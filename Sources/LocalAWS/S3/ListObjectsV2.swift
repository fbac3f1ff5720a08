import Foundation
import Shared

/// ListObjectsV2 over a bucket's current objects, shared by every store so they page alike.
///
/// Keys are ordered by UTF-8 bytes. With a delimiter, each key whose remainder after the prefix
/// contains it rolls up into a common prefix (up to and including the first delimiter); each
/// distinct common prefix counts once toward max-keys, like an object. The continuation token
/// is the base64 of the last key or common prefix returned: the next page starts after it, which
/// also skips every key under a common prefix already returned.
enum ListObjectsV2 {
    /// The page of `objects` (in any order) that `request` asks for.
    static func page(of objects: [ObjectSummary], _ request: ListObjectsV2Request) throws -> ListObjectsV2Result {
        guard request.maxKeys >= 0 else {
            throw ObjectStoreError.invalidArgument("max-keys must be between 0 and 1000, not \(request.maxKeys)")
        }
        let limit = min(request.maxKeys, 1000)
        let prefix = Array((request.prefix ?? "").utf8)
        let delimiter = Array((request.delimiter ?? "").utf8)
        let marker = try request.continuationToken.map(decodeToken)
        let startAfter = marker == nil ? request.startAfter.map { Array($0.utf8) } : nil

        let candidates =
            objects
            .map { (bytes: Array($0.key.utf8), object: $0) }
            .filter { $0.bytes.starts(with: prefix) }
            .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }

        var contents: [ObjectSummary] = []
        var commonPrefixes: [String] = []
        var last: [UInt8]?
        var isTruncated = false
        for candidate in candidates {
            if let startAfter, !startAfter.lexicographicallyPrecedes(candidate.bytes) { continue }
            let rolledUp = commonPrefix(of: candidate.bytes, after: prefix.count, delimiter: delimiter)
            let entry = rolledUp ?? candidate.bytes
            if let marker, !marker.lexicographicallyPrecedes(entry) { continue }
            if rolledUp != nil, entry == last { continue }
            if contents.count + commonPrefixes.count == limit {
                isTruncated = limit > 0
                break
            }
            if rolledUp != nil {
                commonPrefixes.append(String(decoding: entry, as: UTF8.self))
            } else {
                contents.append(candidate.object)
            }
            last = entry
        }
        let token = isTruncated ? last.map { Data($0).base64EncodedString() } : nil
        return ListObjectsV2Result(
            contents: contents,
            commonPrefixes: commonPrefixes,
            isTruncated: isTruncated,
            nextContinuationToken: token
        )
    }

    /// The key's bytes up to and including the first delimiter after the prefix, or nil.
    private static func commonPrefix(of key: [UInt8], after start: Int, delimiter: [UInt8]) -> [UInt8]? {
        guard !delimiter.isEmpty, key.count >= start + delimiter.count else { return nil }
        var index = start
        while index + delimiter.count <= key.count {
            if key[index..<index + delimiter.count].elementsEqual(delimiter) {
                return Array(key[..<(index + delimiter.count)])
            }
            index += 1
        }
        return nil
    }

    private static func decodeToken(_ token: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: token), !data.isEmpty else {
            throw ObjectStoreError.invalidArgument("the continuation token provided is incorrect")
        }
        return Array(data)
    }
}
