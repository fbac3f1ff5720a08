/// Where moto answers otherwise than DynamoDB's documentation says DynamoDB does, and the
/// stand-ins follow the documentation. A differential run compares such an answer after undoing
/// the documented difference, and counts it under the divergence's name; any other difference
/// fails the run. The README lists these with the same names and documents.
enum KnownDivergence: String, CaseIterable, Sendable {
    /// DynamoDB returns `LastEvaluatedKey` whenever it read `Limit` items ("If DynamoDB processes
    /// the number of items up to the limit while processing the results, it stops the operation
    /// and returns the matching values up to that point, and a key in LastEvaluatedKey", the
    /// `Limit` parameter of Query and Scan in the API reference), so a list ending on a full page
    /// ends with an empty one; moto 5 returns a key only when another item follows.
    case motoOmitsKeyAfterFullLastPage = "moto-omits-key-after-a-full-last-page"
    /// S3 answers a DELETE without a version id in a versioning-enabled bucket with a new delete
    /// marker ("If bucket versioning is enabled, the operation inserts a delete marker, which
    /// becomes the current version of the object", DeleteObject in the API reference), whether
    /// or not the key has versions; moto 5 adds none for a key that never had one. Such a delete
    /// is skipped (on every store), since the marker would change every later listing of versions.
    case motoNoDeleteMarkerForANewKey = "moto-no-delete-marker-for-a-key-without-versions"
    /// S3 lists a key's versions in the order they were stored, the most recent first (the
    /// examples of ListObjectVersions in the API reference); moto 5 lists a key's delete markers
    /// after its versions, and its times have whole seconds, so versions stored within one second
    /// cannot be put back in order. Compared with each key's older versions taken as a set.
    case motoListsDeleteMarkersLast = "moto-lists-delete-markers-after-versions"
    /// A key whose current version is a delete marker is gone from listings ("the delete marker
    /// makes Amazon S3 behave as if the object is deleted", Working with delete markers in the S3
    /// user guide); moto 5 still rolls such keys up into a common prefix. Compared with those
    /// prefixes (under which the stand-ins hold no current object) left out of moto's pages.
    case motoListsPrefixesOfDeletedKeys = "moto-lists-common-prefixes-of-deleted-keys"

    var document: String {
        switch self {
        case .motoOmitsKeyAfterFullLastPage:
            "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Limit"
        case .motoNoDeleteMarkerForANewKey:
            "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html"
        case .motoListsDeleteMarkersLast:
            "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html"
                + "#API_ListObjectVersions_Examples"
        case .motoListsPrefixesOfDeletedKeys:
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeleteMarker.html"
        }
    }
}

extension TableOutcome {
    /// The answer as moto pages: when `limit` items were read last (the `matched` items the key
    /// condition or scan reads are a multiple of the limit), without the empty page the last key
    /// led to.
    func pagedAsMoto(limit: Int?, matched: Int?) -> TableOutcome {
        guard let limit, let matched, matched > 0, matched % limit == 0 else { return self }
        switch self {
        case .pages(var pages, var continued) where pages.last?.isEmpty == true && pages.count > 1:
            pages.removeLast()
            continued.removeLast()
            continued[continued.count - 1] = false
            return .pages(pages, continued: continued)
        case .scanned(let items, let pages) where pages > 1:
            return .scanned(items, pages: pages - 1)
        default:
            return self
        }
    }
}

extension ObjectOutcome {
    /// The versions with each key's older ones in one canonical order, the latest kept first.
    var olderVersionsAsASet: ObjectOutcome {
        guard case .versions(let versions) = self else { return self }
        let keys = versions.map(\.key).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        return .versions(
            keys.flatMap { key in
                let own = versions.filter { $0.key == key }
                return own.filter(\.latest) + own.filter { !$0.latest }.sorted { "\($0)" < "\($1)" }
            }
        )
    }
}

extension ObjectOutcome {
    /// A listing's entries across its pages, page boundaries aside, without `dropping` prefixes.
    func listed(dropping prefixes: Set<String> = []) -> (contents: [String], prefixes: [String])? {
        guard case .pages(let pages) = self else { return nil }
        return (pages.flatMap(\.contents), pages.flatMap(\.prefixes).filter { !prefixes.contains($0) })
    }
}
