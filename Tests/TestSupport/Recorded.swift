import Foundation

/// Values appended from `@Sendable` callbacks (router observers, log sinks), read back by a test.
public final class Recorded<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var elements: [Element] = []

    public init() {}

    public func append(_ element: Element) { lock.withLock { elements.append(element) } }
    public var all: [Element] { lock.withLock { elements } }
}
