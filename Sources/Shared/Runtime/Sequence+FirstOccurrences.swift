extension Sequence where Element: Hashable {
    /// Each element once, in the order it first occurs (a batch's ordering keys, in the order of
    /// their first delivery).
    public func firstOccurrences() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
