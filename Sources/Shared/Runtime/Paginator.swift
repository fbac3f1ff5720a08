/// Every page of a paged listing, one request at a time, as soto's `PaginatorSequence`: each
/// page's token starts the next request, and the sequence ends with the first page that has
/// none. The one way the package walks a listing to its end (`next_token`, `LastEvaluatedKey`,
/// `NextContinuationToken`, a stream's `LastEvaluatedShardId`).
import WireFormat

public struct Paginator<Token: Sendable, Page>: AsyncSequence {
    public typealias Element = Page

    private let fetch: (Token?) async throws -> Page
    private let nextToken: (Page) -> Token?

    /// `fetch` asks for the page a token starts (nil: the first); `next` reads the page's token.
    public init(fetch: @escaping (Token?) async throws -> Page, next: @escaping (Page) -> Token?) {
        self.fetch = fetch
        self.nextToken = next
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(fetch: fetch, nextToken: nextToken)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let fetch: (Token?) async throws -> Page
        let nextToken: (Page) -> Token?
        var token: Token?
        var finished = false

        init(fetch: @escaping (Token?) async throws -> Page, nextToken: @escaping (Page) -> Token?) {
            self.fetch = fetch
            self.nextToken = nextToken
        }

        public mutating func next() async throws -> Page? {
            guard !finished else { return nil }
            let page = try await fetch(token)
            token = nextToken(page)
            finished = token == nil
            return page
        }
    }

    /// The items of every page, in order.
    public func items<Item>(_ items: (Page) -> [Item]) async throws -> [Item] {
        var all: [Item] = []
        for try await page in self { all += items(page) }
        return all
    }
}

extension Paginator where Token == String {
    /// A paged list of the API and of DatabaseManager: `next_token` to `next_token`, starting at
    /// `first` (its limit kept for every page).
    public static func pages<Item: Codable & Sendable>(
        from first: PageRequest = PageRequest(limit: PageRequest.maximumLimit),
        _ fetch: @escaping (PageRequest) async throws -> Page
    ) -> Paginator
    where Page == Shared.Page<Item> {
        Paginator(
            fetch: { token in
                var request = first
                if let token { request.nextToken = token }
                return try await fetch(request)
            },
            next: \.nextToken
        )
    }
}
