import Foundation
import Shared
import WireFormat

/// Where one table's files live under the store's root:
///
///     <root>/<table>/table.json                     the TableDefinition, pretty JSON
///     <root>/<table>/stream.json                    the stream's label and first sequence, for a table with a stream
///     <root>/<table>/items/<key>.json               one item, pretty sorted-keys plain JSON
///     <root>/<table>/indexes/<index>/<partition>/<sort>,<key>   empty index entry
///
/// `<key>` is the encoded partition value, plus `+` and the encoded sort value for a composite
/// key; an index without a sort key names its entries `<key>` alone (see `KeyFileName`).
/// Paths are strings: building URLs costs more than the reads they address.
struct FileTableLayout {
    let directory: String

    init(root: URL, table: String) {
        directory = root.path + "/" + table
    }

    var definitionFile: String { directory + "/table.json" }
    var streamFile: String { directory + "/stream.json" }
    var itemsDirectory: String { directory + "/items" }
    var indexesDirectory: String { directory + "/indexes" }

    static let itemSuffix = ".json"

    func itemFile(stem: some StringProtocol) -> String {
        itemsDirectory + "/" + stem + Self.itemSuffix
    }

    func partitionDirectory(index: IndexDefinition, partition: JSONValue) -> String {
        indexesDirectory + "/" + index.name + "/" + KeyFileName.component(partition)
    }

    /// The index entry of an item, or nil when the item lacks the index's key (sparse index).
    func indexEntry(index: IndexDefinition, item: Item, stem: String) -> String? {
        guard index.contains(item), let partition = item[index.partitionKey.name] else { return nil }
        let name = KeyFileName.indexEntry(sortValue: index.sortKey.flatMap { item[$0.name] }, stem: stem)
        return partitionDirectory(index: index, partition: partition) + "/" + name
    }
}
