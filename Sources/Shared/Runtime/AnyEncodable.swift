/// A result of any encodable type, for handlers whose output depends on the operation.
public struct AnyEncodable: Encodable, Sendable {
    private let value: any Encodable & Sendable

    public init(_ value: any Encodable & Sendable) {
        self.value = value
    }

    public func encode(to encoder: Encoder) throws {
        try value.encode(to: encoder)
    }
}
