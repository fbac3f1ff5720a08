extension Collection {
    /// The elements in consecutive slices of `count` (the last may be shorter): the batches a
    /// request limit cuts a list into (100 deliveries, 100 rows, 100 events).
    public func chunks(ofCount count: Int) -> [SubSequence] {
        precondition(count > 0, "a chunk holds at least one element")
        var chunks: [SubSequence] = []
        var start = startIndex
        while start != endIndex {
            let end = index(start, offsetBy: count, limitedBy: endIndex) ?? endIndex
            chunks.append(self[start..<end])
            start = end
        }
        return chunks
    }
}
