/// Decimal text without a formatter (`String(format:)` goes through a locale): zero-padded date
/// fields and fixed decimals.
public enum Digits {
    /// `value` in at least `width` digits, zero-padded (`padded(7, 3)` is `007`); negative values keep their sign.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }

    /// `value` with `places` decimals, rounded to the nearest (ties to even), as `%.2f` prints
    /// durations in Lambda's REPORT lines.
    public static func fixed(_ value: Double, _ places: Int) -> String {
        let scale = (0..<places).reduce(1.0) { value, _ in value * 10 }
        let scaled = (value.magnitude * scale).rounded(.toNearestOrEven)
        guard scaled < 9e15 else { return String(value) }
        let whole = Int(scaled) / Int(scale)
        let part = Int(scaled) % Int(scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        return sign + String(whole) + (places > 0 ? "." + padded(part, places) : "")
    }
}

extension Digits {
    /// `value` in hex, zero-padded to `width` digits (`hex(0xAB, 4)` is `00ab`).
    public static func hex<Value: BinaryInteger>(_ value: Value, _ width: Int, uppercase: Bool = false) -> String {
        let digits = String(value, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
