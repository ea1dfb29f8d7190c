import TandemEngine

/// `--workload liquidations`: many accounts hold leveraged longs on one perpetual market while the index
/// falls a little on every command, so the mark moves on every command and positions cross their thresholds
/// one after another.
///
/// Setup: a maker rests 100-lot asks on 1,000 ticks from 95,000 to 104,990; each account deposits 20,000 and
/// buys one lot with an IOC, so entries (and liquidation prices, about 94.7 % of the entry) spread over that
/// range at the 10 % initial margin. A bidder rests 200-lot bids from 94,990 down, which the liquidations
/// sell into; both add ample margin to their positions. Timed: `commands` index prices falling from 100,000 to 88,000, with a deterministic jitter of
/// up to ±20 ticks, which takes every long through its margin call and its liquidation.
struct LiquidationWorkload {
    static let startPrice: Int64 = 100_000
    static let endPrice: Int64 = 88_000
    static let askLevels = 1_000
    static let bidLevels = 600
    static let tick: Int64 = 10

    let configuration: EngineConfiguration
    let setup: [Command]
    let commands: [Command]

    init(accounts: Int, commands count: Int, seed: UInt64) {
        let maker = UInt32(accounts + 1)
        let bidder = UInt32(accounts + 2)
        configuration = BenchmarkMarket.configuration(
            referencePrice: Self.startPrice, accounts: accounts + 2,
            orderCapacity: Self.askLevels + Self.bidLevels + 16,
            perpetual: BenchmarkMarket.perpetual(vaultAccount: UInt32(accounts + 3)))
        var setup: [Command] = []
        for account in [maker, bidder] {
            setup.append(.deposit(Transfer(account: account, asset: BenchmarkMarket.quoteAsset, amount: 1 << 50)))
        }
        let askLots = Int64((accounts + Self.askLevels - 1) / Self.askLevels)
        for level in 0..<Self.askLevels {
            setup.append(
                Self.order(maker, .sell, price: 95_000 + Int64(level) * Self.tick, lots: askLots, id: level + 1))
        }
        for level in 0..<Self.bidLevels {
            setup.append(Self.order(bidder, .buy, price: 94_990 - Int64(level) * Self.tick, lots: 200, id: level + 1))
        }
        // Far more margin than the initial requirement, so neither is margin-called as the price moves.
        for account in [maker, bidder] {
            setup.append(.adjustMargin(AdjustMargin(account: account, market: BenchmarkMarket.market, amount: 1 << 48)))
        }
        for account in 1...UInt32(accounts) {
            setup.append(.deposit(Transfer(account: account, asset: BenchmarkMarket.quoteAsset, amount: 20_000)))
            setup.append(Self.order(account, .buy, price: 105_000, lots: 1, id: 1, timeInForce: .ioc))
        }
        self.setup = setup
        var random = RandomSource(seed: seed)
        self.commands = (0..<count).map { step in
            let trend = Self.startPrice - (Self.startPrice - Self.endPrice) * Int64(step) / Int64(max(count, 1))
            let price = trend + Int64(random.below(41)) - 20
            return .indexPrice(IndexPrice(market: BenchmarkMarket.market, price: price))
        }
    }

    private static func order(
        _ account: UInt32, _ side: Side, price: Int64, lots: Int64, id: Int, timeInForce: TimeInForce = .gtc
    ) -> Command {
        .newOrder(
            NewOrder(
                account: account, market: BenchmarkMarket.market, clientOrderId: UInt64(id), side: side,
                timeInForce: timeInForce, price: price, quantity: lots))
    }

    func makeEngine() throws -> Engine {
        try BenchmarkMarket.makeEngine(configuration, setup: setup)
    }

    var firstTimestamp: UInt64 { UInt64(setup.count + 1) }
}
