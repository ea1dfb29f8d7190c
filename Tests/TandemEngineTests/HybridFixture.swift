import TandemAMM
@testable import TandemEngine

/// A one-market engine with a pool, in units small enough to check by hand: tick 1, lot 1 base unit,
/// no decimals, so prices are quote units per base unit and a lot at one tick is worth one quote unit.
struct HybridFixture {
    static let base = 0
    static let quote = 1
    let engine: Engine
    let lotSize: Int64

    init(
        poolBase: Int64 = 1_000, poolQuote: Int64 = 100_000, poolFeePPM: Int64 = 0, takerFeePPM: Int64 = 0,
        lotSize: Int64 = 1, bandPPM: Int64 = 500_000, hasPool: Bool = true
    ) throws {
        self.lotSize = lotSize
        let market = MarketConfiguration(
            symbol: "HYB", baseAsset: Self.base, quoteAsset: Self.quote, tickSize: 1, lotSize: lotSize,
            minQuantity: lotSize, maxQuantity: 1_000_000 * lotSize, priceBandPPM: bandPPM, referencePrice: 100,
            makerFeePPM: 0, takerFeePPM: takerFeePPM,
            pool: hasPool
                ? PoolConfiguration(feePPM: poolFeePPM, initialBase: poolBase, initialQuote: poolQuote, owner: 9) : nil)
        engine = try Engine(
            configuration: EngineConfiguration(
                assets: [AssetConfiguration(symbol: "B", decimals: 0), AssetConfiguration(symbol: "Q", decimals: 0)],
                markets: [market]))
        for account: UInt32 in 1...4 {
            apply(.deposit(Transfer(account: account, asset: Self.base, amount: 1_000_000)))
            apply(.deposit(Transfer(account: account, asset: Self.quote, amount: 100_000_000)))
        }
    }

    @discardableResult
    func apply(_ command: Command) -> [EventBody] {
        engine.apply(command, timestamp: 0)
        return engine.events.map(\.body)
    }

    @discardableResult
    func order(
        _ account: UInt32, _ side: Side, _ price: Int64, _ quantity: Int64, id: UInt64,
        type: OrderType = .limit, timeInForce: TimeInForce = .gtc, postOnly: Bool = false
    ) -> [EventBody] {
        apply(
            .newOrder(
                NewOrder(
                    account: account, market: 0, clientOrderId: id, side: side, type: type,
                    timeInForce: timeInForce, postOnly: postOnly, price: price, quantity: quantity)))
    }

    var curve: ConstantProductPool { engine.pool(market: 0)!.curve }

    /// The pool, every balance and both sides of the book: what a rejected command must leave as it was.
    struct Snapshot: Equatable {
        var pool: LiquidityPool?
        var balances: [Balance?]
        var orders: [RestingOrder]
    }

    func snapshot() -> Snapshot {
        Snapshot(
            pool: engine.pool(market: 0),
            balances: engine.openAccounts.flatMap { account in
                [Self.base, Self.quote].map { engine.balance(account: account, asset: $0) }
            },
            orders: engine.restingOrders(market: 0, side: .buy) + engine.restingOrders(market: 0, side: .sell))
    }

    /// Per asset: balances + pool reserves + LP fees held, which must equal what was ever deposited.
    func heldTotal(_ asset: Int) -> Int64 {
        let pool = engine.pool(market: 0)!
        let balances = engine.openAccounts.reduce(Int64(0)) { sum, account in
            let balance = engine.balance(account: account, asset: asset)!
            return sum + balance.available + balance.reserved
        }
        return balances
            + (asset == Self.base ? pool.curve.base + pool.heldFeeBase : pool.curve.quote + pool.heldFeeQuote)
    }

    /// Whether the pool could trade a whole lot with the best resting order of either side (tick 1, so a
    /// lot at price p is worth p * lotSize).
    var isCrossed: Bool {
        if let bid = engine.bookLevels(market: 0, side: .buy, limit: 1).first,
            curve.buyChunk(maxLots: 1, pricePerLot: bid.price * lotSize, inclusive: true) > 0
        {
            return true
        }
        if let ask = engine.bookLevels(market: 0, side: .sell, limit: 1).first,
            curve.sellChunk(maxLots: 1, pricePerLot: ask.price * lotSize, inclusive: true) > 0
        {
            return true
        }
        return false
    }
}

extension EventBody {
    var poolFill: PoolFill? {
        if case .poolFill(let fill) = self { return fill }
        return nil
    }

    var bookFill: Fill? {
        if case .fill(let fill) = self { return fill }
        return nil
    }

    var rejection: RejectReason? {
        if case .rejected(let rejected) = self { return rejected.reason }
        return nil
    }

    var cancelReason: CancelReason? {
        if case .canceled(let canceled) = self { return canceled.reason }
        return nil
    }
}
