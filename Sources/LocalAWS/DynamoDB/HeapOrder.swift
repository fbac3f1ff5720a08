/// Elements in order, produced lazily from a binary heap: building it costs O(n) and each element
/// O(log n), so a page of k items out of a partition of n costs O(n + k log n), not a full sort.
struct HeapOrder<Element>: Sequence, IteratorProtocol {
    private var heap: [Element]
    private let precedes: (Element, Element) -> Bool

    init(_ elements: [Element], by precedes: @escaping (Element, Element) -> Bool) {
        heap = elements
        self.precedes = precedes
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) {
            siftDown(from: index)
        }
    }

    mutating func next() -> Element? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        siftDown(from: 0)
        return first
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var child = left
            if left + 1 < heap.count, precedes(heap[left + 1], heap[left]) { child = left + 1 }
            guard precedes(heap[child], heap[parent]) else { return }
            heap.swapAt(parent, child)
            parent = child
        }
    }
}
