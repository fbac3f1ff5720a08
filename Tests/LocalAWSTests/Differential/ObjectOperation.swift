import Foundation
import Shared
import TestSupport

/// One request of an object differential run, sent alike to every object store.
enum ObjectOperation: CustomStringConvertible {
    case put(bucket: String, key: String, data: Data, contentType: String?, metadata: [String: String])
    /// A put with `If-None-Match: *`.
    case create(bucket: String, key: String, data: Data)
    case get(bucket: String, key: String)
    case head(bucket: String, key: String)
    case delete(bucket: String, key: String)
    case copy(fromBucket: String, fromKey: String, toBucket: String, toKey: String)
    /// A listing walked through its continuation tokens.
    case list(ListObjectsV2Request)
    /// Every version under a prefix, each version's bytes read back by its id.
    case versions(bucket: String, prefix: String?)

    var description: String {
        switch self {
        case .put(let bucket, let key, let data, let type, let metadata):
            "put \(bucket)/\(key) \(data.count) bytes \(type ?? "-") \(metadata)"
        case .create(let bucket, let key, let data): "create \(bucket)/\(key) \(data.count) bytes"
        case .get(let bucket, let key): "get \(bucket)/\(key)"
        case .head(let bucket, let key): "head \(bucket)/\(key)"
        case .delete(let bucket, let key): "delete \(bucket)/\(key)"
        case .copy(let fromBucket, let fromKey, let toBucket, let toKey):
            "copy \(fromBucket)/\(fromKey) to \(toBucket)/\(toKey)"
        case .list(let request): "list \(request)"
        case .versions(let bucket, let prefix): "versions \(bucket) \(prefix ?? "-")"
        }
    }
}

/// Draws object operations over a few keys that share prefixes, in an unversioned and a
/// versioned bucket, so listings with prefixes, delimiters and small pages meet every shape.
struct ObjectOperationGenerator {
    let buckets: [String]
    var random: SeededGenerator

    static let keys = ["a", "a/b", "a/b/c", "a/c", "a-b", "b", "b/x y", "b/x+y", "c/é", "c/d/e", "c/d/f", "d.txt"]
    static let prefixes = ["a", "a/", "b/", "c/d", "c/", "z", ""]
    static let types = ["text/plain", "application/pdf", "application/json"]

    init(buckets: [String], seed: UInt64) {
        self.buckets = buckets
        random = SeededGenerator(seed: seed)
    }

    mutating func next() -> ObjectOperation {
        let bucket = buckets.randomElement(using: &random)!
        let key = Self.keys.randomElement(using: &random)!
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<25:
            let metadata =
                Bool.random(using: &random)
                ? ["file-id": "FL\(Int.random(in: 0...9, using: &random))", "note": "ä b"] : [:]
            return .put(
                bucket: bucket,
                key: key,
                data: data(),
                contentType: Self.types.randomElement(using: &random),
                metadata: metadata
            )
        case 25..<32: return .create(bucket: bucket, key: key, data: data())
        case 32..<44: return .get(bucket: bucket, key: key)
        case 44..<50: return .head(bucket: bucket, key: key)
        case 50..<60: return .delete(bucket: bucket, key: key)
        case 60..<68:
            return .copy(
                fromBucket: bucket,
                fromKey: key,
                toBucket: buckets.randomElement(using: &random)!,
                toKey: Self.keys.randomElement(using: &random)!
            )
        case 68..<92: return .list(list(bucket))
        default:
            return .versions(
                bucket: bucket,
                prefix: Bool.random(using: &random) ? nil : Self.prefixes.randomElement(using: &random)
            )
        }
    }

    mutating func data() -> Data {
        Data((0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
    }

    mutating func list(_ bucket: String) -> ListObjectsV2Request {
        let prefix = Bool.random(using: &random) ? Self.prefixes.randomElement(using: &random) : nil
        let delimiter = Bool.random(using: &random) ? "/" : nil
        let maxKeys = [1, 2, 3, 1000].randomElement(using: &random)!
        // S3's documentation does not say whether a common prefix ordered before StartAfter, but
        // rolling up keys after it, is listed; emulators differ, so the two are not combined.
        let startAfter =
            delimiter == nil && Int.random(in: 0..<4, using: &random) == 0
            ? Self.keys.randomElement(using: &random) : nil
        return ListObjectsV2Request(
            bucket: bucket,
            prefix: prefix,
            delimiter: delimiter,
            maxKeys: maxKeys,
            startAfter: startAfter
        )
    }
}
