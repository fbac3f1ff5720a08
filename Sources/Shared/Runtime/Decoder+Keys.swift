/// A coding key for any name, to look at an object's keys before choosing its type.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// Whether the value being decoded is an object with the key `name`; handlers that accept
    /// several event shapes tell them apart by a key only one of them has.
    public func hasKey(_ name: String) throws -> Bool {
        try container(keyedBy: AnyKey.self).contains(AnyKey(stringValue: name))
    }
}
