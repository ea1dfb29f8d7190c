@testable import TandemEngine

/// A one-market perpetual engine in units small enough to check by hand: tick 1, lot 1, no decimals, so one
/// lot at one tick is worth one quote unit. Margins 10 % initial, 7.5 % call, 5 % maintenance unless given; no
/// fees unless given.
struct PerpetualFixture {
    static let quote = 1
    static let insuranceFund: UInt32 = 8
    static let vault: UInt32 = 7
    let engine: Engine

    init(
        spreadPPM: Int64 = 0, pool: PoolConfiguration? = nil, takerFeePPM: Int64 = 0,
        margins: (initial: Int64, call: Int64, maintenance: Int64) = (100_000, 75_000, 50_000),
        referencePrice: Int64 = 100
    ) throws {
        let market = MarketConfiguration(
            symbol: "PERP", baseAsset: 0, quoteAsset: Self.quote, tickSize: 1, lotSize: 1, minQuantity: 1,
            maxQuantity: 1_000_000, priceBandPPM: 500_000, referencePrice: referencePrice, makerFeePPM: 0,
            takerFeePPM: takerFeePPM, pool: pool,
            perpetual: PerpetualConfiguration(
                initialMarginPPM: margins.initial, maintenanceMarginPPM: margins.maintenance,
                marginCallPPM: margins.call,
                liquidationSpreadPPM: spreadPPM, vaultAccount: Self.vault))
        engine = try Engine(
            configuration: EngineConfiguration(
                assets: [AssetConfiguration(symbol: "B", decimals: 0), AssetConfiguration(symbol: "Q", decimals: 0)],
                markets: [market], insuranceFundAccount: Self.insuranceFund))
    }

    @discardableResult
    func apply(_ command: Command) -> [EventBody] {
        engine.apply(command, timestamp: 0)
        return engine.events.map(\.body)
    }

    @discardableResult
    func deposit(_ account: UInt32, _ amount: Int64) -> [EventBody] {
        apply(.deposit(Transfer(account: account, asset: Self.quote, amount: amount)))
    }

    @discardableResult
    func order(
        _ account: UInt32, _ side: Side, _ price: Int64, _ quantity: Int64, id: UInt64,
        timeInForce: TimeInForce = .gtc, reduceOnly: Bool = false
    ) -> [EventBody] {
        apply(
            .newOrder(
                NewOrder(
                    account: account, market: 0, clientOrderId: id, side: side, timeInForce: timeInForce, price: price,
                    quantity: quantity, reduceOnly: reduceOnly)))
    }

    @discardableResult
    func index(_ price: Int64) -> [EventBody] {
        apply(.indexPrice(IndexPrice(market: 0, price: price)))
    }

    func position(_ account: UInt32) -> PerpetualPosition { engine.position(account: account, market: 0)! }

    /// Account 1 long and account 2 short 10 lots at 100, each with the 100 of collateral that needs.
    func openLongAndShort() {
        deposit(1, 10_000)
        deposit(2, 10_000)
        order(2, .sell, 100, 10, id: 1)
        order(1, .buy, 100, 10, id: 1)
    }

    /// Per quote: balances plus what positions hold (collateral less entry value): equal to net deposits.
    func heldQuote() -> Int64 {
        let balances = engine.openAccounts.reduce(Int64(0)) { sum, account in
            let balance = engine.balance(account: account, asset: Self.quote)!
            return sum + balance.available + balance.reserved
        }
        return balances + engine.positions(market: 0).reduce(0) { $0 + $1.collateral - $1.cost }
    }
}
