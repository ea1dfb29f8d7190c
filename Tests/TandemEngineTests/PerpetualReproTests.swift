import Testing

@testable import TandemEngine

/// Short command sequences run through the fast engine and the reference engine, each requiring identical
/// events and state: the minimal reproductions of differences the perpetual differential test found, and a few
/// plain ones. On failure the first differing event is printed with its command.
@Suite struct PerpetualReproTests {
    /// One perpetual market in hand-checkable units: tick 1, lot 1, no decimals (tick value 1); margins 10 %
    /// initial, 7.5 % call, 5 % maintenance; no fees; optionally a vault over `pool`. Account 0 takes the fees,
    /// 8 is the insurance fund, 7 the vault.
    static func configuration(pool: PoolConfiguration? = nil, spreadPPM: Int64 = 0) -> EngineConfiguration {
        EngineConfiguration(
            assets: [AssetConfiguration(symbol: "B", decimals: 0), AssetConfiguration(symbol: "Q", decimals: 0)],
            markets: [
                MarketConfiguration(
                    symbol: "PERP", baseAsset: 0, quoteAsset: 1, tickSize: 1, lotSize: 1, minQuantity: 1,
                    maxQuantity: 1_000, maxPrice: 100_000, priceBandPPM: 500_000, referencePrice: 100,
                    makerFeePPM: 0, takerFeePPM: 0, pool: pool,
                    perpetual: PerpetualConfiguration(
                        initialMarginPPM: 100_000, maintenanceMarginPPM: 50_000, marginCallPPM: 75_000,
                        liquidationSpreadPPM: spreadPPM, vaultAccount: 7))
            ],
            accounts: [AccountConfiguration(id: 0), AccountConfiguration(id: 7)], insuranceFundAccount: 8)
    }

    static func deposit(_ account: UInt32, _ amount: Int64) -> Command {
        .deposit(Transfer(account: account, asset: 1, amount: amount))
    }

    static func order(
        _ account: UInt32, _ side: Side, _ price: Int64, _ quantity: Int64, id: UInt64, tif: TimeInForce = .gtc,
        stp: SelfTradePrevention? = nil
    ) -> Command {
        .newOrder(
            NewOrder(
                account: account, market: 0, clientOrderId: id, side: side, timeInForce: tif, price: price,
                quantity: quantity, selfTradePrevention: stp))
    }

    static func index(_ price: Int64) -> Command { .indexPrice(IndexPrice(market: 0, price: price)) }

    /// Runs the commands through both engines; records the first difference.
    func expectSame(_ commands: [Command], configuration: EngineConfiguration = configuration()) throws {
        var run = try PerpetualDifferentialRun(seed: 0, configuration: configuration)
        for (index, command) in commands.enumerated() {
            if let mismatch = run.apply(command) {
                Issue.record(
                    """
                    command \(index): \(command)
                    \(mismatch)
                    \(run.firstDifference())
                    fast: \(run.fast.events.map(\.body))
                    reference: \(run.reference.events.map(\.body))
                    """)
                return
            }
        }
    }

    /// Two longs become liquidatable at once. Account 1 (10 lots at 100, collateral 100 + 50 topped up by
    /// adjust margin) is liquidatable below 89.47, so its threshold is 89; account 2 (2 lots at 100, collateral
    /// 20) below 94.74: threshold 94. The sweep must liquidate account 2 first (the highest threshold). Found by
    /// the differential test (seeds 1, 2 and 4): the fast engine liquidated the other position first.
    @Test func sweepLiquidatesTheHighestThresholdFirst() throws {
        try expectSame([
            Self.deposit(1, 10_000), Self.deposit(2, 10_000), Self.deposit(3, 100_000), Self.index(100),
            Self.order(3, .sell, 100, 12, id: 1), Self.order(1, .buy, 100, 10, id: 1, tif: .ioc),
            Self.order(2, .buy, 100, 2, id: 1, tif: .ioc),
            .adjustMargin(AdjustMargin(account: 1, market: 0, amount: 50)),
            Self.index(85),
        ])
    }

    /// A sell whose walk fills one lot, then meets its own resting bid under cancel-both: the preview's state
    /// after the walk has no resting bid left, so IMR' is that of a 1-lot short (11 at the mark 110) and no
    /// collateral is topped up. Found by the differential test (seed 3): the fast engine topped up as if the
    /// canceled bid still rested.
    @Test func marginPreviewCountsOrdersCanceledBySelfTradePrevention() throws {
        try expectSame([
            Self.deposit(1, 10_000), Self.deposit(2, 10_000), Self.index(100),
            Self.order(1, .buy, 99, 9, id: 1), Self.order(2, .buy, 100, 1, id: 1), Self.index(110),
            Self.order(1, .sell, 95, 2, id: 2, tif: .ioc, stp: .cancelBoth),
        ])
    }

    /// The mark on a vault market after a vault deposit: the combined best bid is the highest tick at which the
    /// pool buys one whole lot. Found by the differential test (every seed, within 300 commands; shrunk by
    /// `PerpetualReproMinimizer` from seed 1) while the reference read that lot's rounded amount and the fast
    /// engine its exact price (`PoolReach`); ENGINE.md now says the exact price, and both read it.
    @Test func markUsesTheLotThePoolWouldTrade() throws {
        let market = { (account: UInt32, id: UInt64, side: Side, type: OrderType, price: Int64, quantity: Int64) in
            Command.newOrder(
                NewOrder(
                    account: account, market: 0, clientOrderId: id, side: side, type: type,
                    timeInForce: type == .market ? .ioc : .gtc, price: price, quantity: quantity))
        }
        try expectSame(
            [
                Self.deposit(1, 400_000), Self.deposit(6, 400_000), Self.deposit(7, 400_000),
                market(7, 87, .buy, .limit, 1_009, 4_000), market(1, 38, .sell, .market, 0, 3_000),
                .replace(ReplaceOrder(account: 7, order: .clientOrderId(87), price: 997, quantity: 1_000)),
                .addLiquidity(AddLiquidity(account: 6, market: 0, maxBase: 0, maxQuote: 18_306)),
            ], configuration: PerpetualCommandGenerator.configuration)
    }
}
