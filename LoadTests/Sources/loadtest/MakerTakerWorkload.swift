import TandemWire

/// The `makers`, `takers` and `mix` workloads: each connection is a market maker or a taker.
///
/// - A maker keeps one quote on each side, `1...spreadTicks` ticks from the last trade any connection saw. Each
///   of its turns moves one side's quote and tops it up to a fresh size (a `replace_order` of price and
///   quantity), or places it again (`new_order`, GTC) when it was filled or is not known to be live. Makers take
///   turns, and each maker's turns alternate sides. A taker can fill a quote the maker is about to move; the
///   move then comes back `unknown_order`, a race the report counts among the rejects.
/// - A taker sends market orders (IOC) of `1...sweepLots` lots on a random side, which sweep the book and the
///   pool. Its self-trade mode is `cancel_maker`, so it sweeps through its own account's resting orders too.
/// - `takers` alone: before timing, each taker rests `seedLevels` orders per side for the takers to sweep; once
///   they are gone the takers trade with the pool.
/// - `mix`: `takerPercent` percent of the timed requests (drawn at random) are a taker's, the rest a maker's.
struct MakerTakerWorkload: TcpWorkload {
    struct Parameters: Equatable {
        /// Connections `0..<makers` make, the next `takers` take.
        var makers: Int
        var takers: Int
        /// The percentage of timed requests that are taker orders.
        var takerPercent: Int
        var spreadTicks: Int = 10
        var quoteLots: Int = 20
        var sweepLots: Int = 10
        var seedLevels: Int = 20
        var lotSize: Int64
        var tickSize: Int64 = 1
    }

    private let parameters: Parameters
    private var random: RandomSource
    /// Per maker and side (index `maker * 2`: bid, `+ 1`: ask): the request number of its quote, 0 for none.
    private var quotes: [Int]
    private var makerTurns = 0
    private var takerTurns = 0

    init(_ parameters: Parameters, seed: UInt64) {
        precondition(parameters.makers + parameters.takers > 0, "a workload needs a connection")
        self.parameters = parameters
        random = RandomSource(seed: seed)
        quotes = [Int](repeating: 0, count: parameters.makers * 2)
    }

    mutating func setupRequests() -> [TcpRequest] {
        guard parameters.makers == 0, parameters.seedLevels > 0 else { return [] }
        var requests: [TcpRequest] = []
        let start = EC2018Generator.startPrice
        for taker in 0..<parameters.takers {
            for level in 1...parameters.seedLevels {
                let offset = Int64(level) * parameters.tickSize
                for (side, price) in [(Wire.Side.buy, start - offset), (.sell, start + offset)] {
                    requests.append(
                        TcpRequest(
                            connection: parameters.makers + taker,
                            body: .newOrder(.init(side: side, price: price, quantity: quoteQuantity()))))
                }
            }
        }
        return requests
    }

    mutating func nextRequest(view: some TcpOrderView) -> TcpRequest? {
        let takes =
            parameters.makers == 0
            || (parameters.takers > 0 && random.below(100) < parameters.takerPercent)
        return takes ? takerRequest() : makerRequest(view: view)
    }

    private mutating func makerRequest(view: some TcpOrderView) -> TcpRequest {
        let maker = makerTurns % parameters.makers
        let side: Wire.Side = (makerTurns / parameters.makers) % 2 == 0 ? .buy : .sell
        makerTurns += 1
        let offset = Int64(1 + random.below(parameters.spreadTicks)) * parameters.tickSize
        let last = view.lastTradePrice
        let price = side == .buy ? max(last - offset, parameters.tickSize) : last + offset
        let slot = maker * 2 + (side == .buy ? 0 : 1)
        let quote = quotes[slot]
        if quote != 0 && view.isLive(connection: maker, request: quote) {
            return TcpRequest(
                connection: maker, body: .replace(target: quote, price: price, quantity: quoteQuantity()))
        }
        quotes[slot] = view.nextRequestNumber(connection: maker)
        return TcpRequest(
            connection: maker, body: .newOrder(.init(side: side, price: price, quantity: quoteQuantity())))
    }

    private mutating func takerRequest() -> TcpRequest {
        let taker = parameters.makers + takerTurns % parameters.takers
        takerTurns += 1
        let side: Wire.Side = random.below(2) == 0 ? .buy : .sell
        let quantity = Int64(1 + random.below(parameters.sweepLots)) * parameters.lotSize
        return TcpRequest(
            connection: taker,
            body: .newOrder(
                .init(
                    side: side, orderType: .market, timeInForce: .ioc, price: 0, quantity: quantity,
                    selfTrade: .cancelMaker)))
    }

    private mutating func quoteQuantity() -> Int64 {
        Int64(1 + random.below(parameters.quoteLots)) * parameters.lotSize
    }
}
