import Testing

@testable import TandemEngine

/// Perpetual scenarios with values computed by hand from `Protocol/ENGINE.md`, checked on the fast engine and on
/// the reference engine alike (`PerpetualReproTests.configuration`: tick 1, lot 1, tick value 1, margins 10 %
/// initial, 7.5 % call, 5 % maintenance, no fees; account 8 is the insurance fund).
@Suite struct PerpetualScenarioTests {
    typealias R = PerpetualReproTests

    /// Both engines on the same commands.
    final class Pair {
        let fast: Engine
        let reference: ReferenceEngine
        var time: UInt64 = 0

        init(spreadPPM: Int64 = 0, pool: PoolConfiguration? = nil) throws {
            let configuration = R.configuration(pool: pool, spreadPPM: spreadPPM)
            fast = try Engine(configuration: configuration)
            reference = ReferenceEngine(configuration: configuration)
        }

        /// The fast engine's event bodies; the reference's must be the same.
        @discardableResult
        func apply(_ command: Command) -> [EventBody] {
            time += 1
            fast.apply(command, timestamp: time)
            reference.apply(command, timestamp: time)
            let bodies = fast.events.map(\.body)
            #expect(bodies == reference.events.map(\.body), "\(command)")
            return bodies
        }

        /// size, cost, collateral of the fast engine's position, and of the reference's.
        func position(_ account: UInt32) -> (fast: [Int64], reference: [Int64]) {
            let p = fast.position(account: account, market: 0)!
            let q = reference.position(account: account, market: 0)
            return ([p.size, p.cost, p.collateral], [q.size, q.cost, q.collateral])
        }

        func available(_ account: UInt32) -> (Int64?, Int64?) {
            (
                fast.balance(account: account, asset: 1)?.available,
                reference.balance(account: account, asset: 1)?.available
            )
        }

        /// Account 1 long and account 2 short 10 lots at 100 (index 100), each with the 100 of collateral the
        /// initial rule takes (10 % of 1,000), moved from its available balance.
        func openLongAndShort() {
            apply(R.deposit(1, 10_000))
            apply(R.deposit(2, 10_000))
            apply(R.index(100))
            apply(R.order(2, .sell, 100, 10, id: 1))
            apply(R.order(1, .buy, 100, 10, id: 1, tif: .ioc))
        }
    }

    // MARK: - Margin formulas

    /// Long 10 lots, cost 1,000, collateral 100, resting 5 lots bid and 12 asked, at the mark 95:
    /// unrealised 950 - 1,000 = -50, equity 50; MMR ceil(10*95*5 %) = ceil(47.5) = 48; call ceil(71.25) = 72;
    /// IMR on the worst side max(10 + 5, 0 + 12) = 15 lots: ceil(15*95*10 %) = ceil(142.5) = 143.
    /// Short 10, cost -1,000, collateral 100, 3 asked, at 105: unrealised -1,050 + 1,000 = -50, equity 50,
    /// IMR ceil(13*105*10 %) = ceil(136.5) = 137. Bankruptcy: long (1,000 - 100)/10 = 90; with collateral 95,
    /// 90.5 rounds up to 91; short (100 + 1,000)/10 = 110; with collateral 105, 110.5 rounds down to 110.
    /// Liquidation thresholds: the long is liquidatable at 94 (40 < 47) but not at 95 (50 >= 48): 94; the short
    /// at 105 (50 < 53) but not at 104 (60 >= 52): 105.
    @Test func marginFormulas() throws {
        let engine = ReferenceEngine(configuration: R.configuration())
        let long = ReferencePosition(size: 10, cost: 1_000, collateral: 100)
        #expect(engine.unrealised(long, market: 0, mark: 95) == -50)
        #expect(engine.equity(long, market: 0, mark: 95) == 50)
        #expect(engine.maintenance(long, market: 0, mark: 95) == 48)
        #expect(engine.callRequirement(long, market: 0, mark: 95) == 72)
        #expect(engine.initial(long, bids: 5, asks: 12, market: 0, mark: 95) == 143)
        let short = ReferencePosition(size: -10, cost: -1_000, collateral: 100)
        #expect(engine.equity(short, market: 0, mark: 105) == 50)
        #expect(engine.initial(short, bids: 0, asks: 3, market: 0, mark: 105) == 137)
        #expect(engine.bankruptcyTicks(long, market: 0) == 90)
        #expect(engine.bankruptcyTicks(ReferencePosition(size: 10, cost: 1_000, collateral: 95), market: 0) == 91)
        #expect(engine.bankruptcyTicks(short, market: 0) == 110)
        #expect(engine.bankruptcyTicks(ReferencePosition(size: -10, cost: -1_000, collateral: 105), market: 0) == 110)
        let longThreshold = engine.threshold(long, market: 0, mark: 90) {
            engine.isLiquidatable(long, market: 0, mark: $0)
        }
        let shortThreshold = engine.threshold(short, market: 0, mark: 120) {
            engine.isLiquidatable(short, market: 0, mark: $0)
        }
        #expect(longThreshold == 94)
        #expect(shortThreshold == 105)
    }

    /// The fast engine's requirements on a real position: long 10 at 100 with collateral 100; an ask of 12 at
    /// 120 raises IMR to max(10, 12) lots: ceil(12*100*10 %) = 120, so 20 more collateral moves in. At the mark
    /// 99 (index 99, the ask above it): equity 120 + 990 - 1,000 = 110, MMR ceil(49.5) = 50, IMR ceil(118.8) = 119
    /// (call tier 75: not called).
    @Test func requirementsOfAPosition() throws {
        let pair = try Pair()
        pair.openLongAndShort()
        pair.apply(R.order(1, .sell, 120, 12, id: 2))
        pair.apply(R.index(99))
        let p = pair.fast.position(account: 1, market: 0)!
        #expect([p.size, p.cost, p.collateral, p.asks] == [10, 1_000, 120, 12])
        #expect([p.equity, p.maintenanceRequirement, p.initialRequirement] == [110, 50, 119])
        #expect(pair.position(1).reference == [10, 1_000, 120])
    }

    // MARK: - Orders

    /// With 50 available, a buy of 10 at 100 needs 100 of initial margin: `insufficient_margin`, nothing moves.
    /// A buy of 5 needs exactly 50: accepted, the 50 moves into the position.
    @Test func orderRejectedForMargin() throws {
        let pair = try Pair()
        pair.apply(R.deposit(5, 50))
        pair.apply(R.deposit(2, 10_000))
        pair.apply(R.index(100))
        pair.apply(R.order(2, .sell, 100, 10, id: 1))
        let rejected = pair.apply(R.order(5, .buy, 100, 10, id: 1, tif: .ioc))
        #expect(
            rejected == [
                .rejected(CommandRejected(account: 5, command: .newOrder, reference: 1, reason: .insufficientMargin))
            ])
        pair.apply(R.order(5, .buy, 100, 5, id: 1, tif: .ioc))
        #expect(pair.position(5).fast == [5, 500, 50])
        #expect(pair.available(5) == (0, 0))
    }

    /// Long 10: a reduce-only sell of 11 or a reduce-only buy is refused (`reduce_only_would_increase`), a
    /// reduce-only GTC is `invalid_time_in_force`; a reduce-only sell of 4 at 100 closes 4: size 6, cost 600
    /// (its share of 1,000), collateral 100 (no PnL at the entry price).
    @Test func reduceOnly() throws {
        let pair = try Pair()
        pair.openLongAndShort()
        pair.apply(R.deposit(3, 10_000))
        pair.apply(R.order(3, .buy, 100, 5, id: 1))
        func reduceOnly(_ side: Side, _ quantity: Int64, tif: TimeInForce = .ioc) -> Command {
            .newOrder(
                NewOrder(
                    account: 1, market: 0, clientOrderId: 9, side: side, timeInForce: tif, price: 100,
                    quantity: quantity, reduceOnly: true))
        }
        let reject = { (reason: RejectReason) in
            [EventBody.rejected(CommandRejected(account: 1, command: .newOrder, reference: 9, reason: reason))]
        }
        #expect(pair.apply(reduceOnly(.sell, 11)) == reject(.reduceOnlyWouldIncrease))
        #expect(pair.apply(reduceOnly(.buy, 1)) == reject(.reduceOnlyWouldIncrease))
        #expect(pair.apply(reduceOnly(.sell, 4, tif: .gtc)) == reject(.invalidTimeInForce))
        let events = pair.apply(reduceOnly(.sell, 4))
        #expect(
            events.contains(
                .positionUpdate(PositionUpdate(account: 1, market: 0, size: 6, entryPrice: 100, collateral: 100))))
        #expect(pair.position(1).fast == [6, 600, 100])
    }

    // MARK: - The sweep

    /// Long 10 at 100 (collateral 100) asking 2 at 120; the index falls to 96, the mark with it (no bid; the ask
    /// is above): equity 100 + 960 - 1,000 = 60 is below the call tier ceil(72) = 72 and above maintenance 48.
    /// `margin_call` (60, IMR ceil(10*96*10 %) = 96, 48), then the ask canceled (`margin_call`). At 95 the
    /// position is still in the call zone but was called and has not changed: nothing but `index_price`.
    @Test func marginCallCancelsOrders() throws {
        let pair = try Pair()
        pair.openLongAndShort()
        let ask = pair.apply(R.order(1, .sell, 120, 2, id: 2))
        guard case .accepted(let accepted) = ask.first else { return #expect(Bool(false), "\(ask)") }
        let events = pair.apply(R.index(96))
        #expect(
            events == [
                .indexPrice(IndexPriceUpdate(market: 0, indexPrice: 96, markPrice: 96)),
                .marginCall(
                    MarginCall(account: 1, market: 0, equity: 60, initialRequirement: 96, maintenanceRequirement: 48)),
                .canceled(
                    OrderCanceled(
                        orderId: accepted.orderId, clientOrderId: 2, account: 1, market: 0, side: .sell,
                        canceledQuantity: 2, remaining: 0, reason: .marginCall)),
            ])
        #expect(pair.apply(R.index(95)) == [.indexPrice(IndexPriceUpdate(market: 0, indexPrice: 95, markPrice: 95))])
    }

    /// Long 10 at 100 with collateral 100; account 3 bids 3 at 94 and 10 at 90 (collateral 30 + 100 at the mark
    /// 100). The index falls to 90; the mark is median(90, 94, 90) = 90: equity 0 < MMR 45. The liquidation
    /// closes all 10 (equity <= 0) at the bankruptcy price 90 (no spread): 3 at 94 (cost share 300, PnL -18),
    /// 7 at 90 (cost 700, PnL -70): collateral 12, returned to the available balance. Account 3 is long 10 at
    /// 282 + 630 = 912 (entry 91), collateral 130.
    @Test func longLiquidatedThroughTheBook() throws {
        let pair = try Pair()
        pair.openLongAndShort()
        pair.apply(R.deposit(3, 10_000))
        pair.apply(R.order(3, .buy, 94, 3, id: 1))
        pair.apply(R.order(3, .buy, 90, 10, id: 2))
        #expect(pair.position(3).fast == [0, 0, 130])
        let events = pair.apply(R.index(90))
        #expect(events.first == .indexPrice(IndexPriceUpdate(market: 0, indexPrice: 90, markPrice: 90)))
        #expect(
            events.dropFirst().first
                == .liquidationStarted(
                    LiquidationStarted(
                        account: 1, market: 0, size: 10, markPrice: 90, equity: 0, maintenanceRequirement: 45)))
        let fills = events.compactMap { body -> [Int64]? in
            guard case .fill(let fill) = body, fill.account == 1 else { return nil }
            return [fill.price, fill.quantity, fill.remaining, Int64(fill.clientOrderId)]
        }
        #expect(fills == [[94, 3, 7, 0], [90, 7, 0, 0]])
        #expect(
            events.contains(
                .liquidationEnded(LiquidationEnded(account: 1, market: 0, size: 0, collateral: 12, insurancePaid: 0))))
        #expect(
            events.contains(
                .positionUpdate(PositionUpdate(account: 1, market: 0, size: 0, entryPrice: 0, collateral: 0))))
        #expect(
            events.contains(
                .positionUpdate(PositionUpdate(account: 3, market: 0, size: 10, entryPrice: 91, collateral: 130))))
        #expect(pair.available(1) == (9_912, 9_912))
    }

    /// Through the book and the vault's pool (no LP fee; 1,000 lots against 100,000: price 100). Long 10 at 100
    /// (collateral 100). The index falls to 90, but the pool holds the mark at median(90, 99, 101) = 99. Account
    /// 3 bids 2 at 93; account 4 sells 37 at 93 IOC: lots 1...37 of the pool yield more than 93 (lot 37:
    /// 1e8 / (1,036 * 1,037) = 93.08), so the pool buys all 37 for 100,000 - ceil(1e8 / 1,037) = 3,567. The mark
    /// is now median(90, 93, 94) = 93: equity 30 < MMR ceil(46.5) = 47. The liquidation closes
    /// k = 10 - floor(30e6 / (93 * 50,000)) = 4 lots at the bound 90 (the bankruptcy price, no spread): 2 at 93
    /// with the bid (cost share 200, PnL -14), then 2 from the pool (which yields 92.9 < 93, so after the bid)
    /// for 96,433 - ceil(1,037 * 96,433 / 1,039) = 185 (PnL -15): size 6, cost 600, collateral 71. The mark,
    /// median(90, 92, 93) = 92: equity 23 < 28 still; k = 6 - floor(23e6 / 4.6e6) = 1 at the bound
    /// ceil(529 / 6) = 89: the pool pays 92 (PnL -8): size 5, cost 500, collateral 63, equity 23 = MMR 23: done.
    /// It is now in the call zone (ceil(34.5) = 35): `margin_call` (23, IMR 46, MMR 23).
    @Test func longLiquidatedThroughTheBookAndThePool() throws {
        let pair = try Pair(pool: PoolConfiguration(feePPM: 0, initialBase: 1_000, initialQuote: 100_000, owner: 6))
        pair.openLongAndShort()
        pair.apply(R.deposit(3, 10_000))
        pair.apply(R.deposit(4, 100_000))
        #expect(
            pair.apply(R.index(90)).first == .indexPrice(IndexPriceUpdate(market: 0, indexPrice: 90, markPrice: 99)))
        pair.apply(R.order(3, .buy, 93, 2, id: 1))
        let events = pair.apply(R.order(4, .sell, 93, 37, id: 1, tif: .ioc))
        let arbitrage = events.compactMap { body -> [Int64]? in
            guard case .poolFill(let fill) = body, fill.account == 4 else { return nil }
            return [fill.quantity, fill.quoteAmount]
        }
        #expect(arbitrage == [[37, 3_567]])
        #expect(
            events.contains(
                .liquidationStarted(
                    LiquidationStarted(
                        account: 1, market: 0, size: 10, markPrice: 93, equity: 30, maintenanceRequirement: 47))))
        let closing = events.compactMap { body -> [Int64]? in
            switch body {
            case .fill(let fill) where fill.account == 1: [0, fill.price, fill.quantity, fill.remaining]
            case .poolFill(let fill) where fill.account == 1:
                [fill.quoteAmount, fill.price, fill.quantity, fill.remaining]
            default: nil
            }
        }
        #expect(closing == [[0, 93, 2, 2], [185, 92, 2, 0], [92, 92, 1, 0]])
        #expect(
            events.contains(
                .liquidationEnded(LiquidationEnded(account: 1, market: 0, size: 5, collateral: 63, insurancePaid: 0))))
        #expect(
            events.contains(
                .marginCall(
                    MarginCall(account: 1, market: 0, equity: 23, initialRequirement: 46, maintenanceRequirement: 23))))
        #expect(pair.position(1).fast == [5, 500, 63])
        #expect(pair.position(1).reference == [5, 500, 63])
    }

    /// As above with a 2 % spread, a fund of 100 and account 3 bidding 10 at 89, the index at 88 (mark
    /// median(88, 89, 88) = 88, equity -20 < 44). Bankruptcy 90, bound 90 - min(floor(1.8), floor(100/10)) = 89:
    /// all 10 sell at 89, collateral 100 + 890 - 1,000 = -10; the fund pays 10 (`insurance_fund` -10, balance 90).
    @Test func insuranceFundCoversTheGap() throws {
        let pair = try Pair(spreadPPM: 20_000)
        pair.openLongAndShort()
        pair.apply(R.deposit(8, 100))
        pair.apply(R.deposit(3, 10_000))
        pair.apply(R.order(3, .buy, 89, 10, id: 1))
        let events = pair.apply(R.index(88))
        #expect(events.contains(.insuranceFund(InsuranceFundUpdate(account: 1, market: 0, amount: -10, balance: 90))))
        #expect(
            events.contains(
                .liquidationEnded(LiquidationEnded(account: 1, market: 0, size: 0, collateral: 0, insurancePaid: 10))))
        #expect(pair.available(8) == (90, 90))
        #expect(pair.position(3).fast == [10, 890, 100])
    }

    /// The same with an empty fund: the bound is the bankruptcy price 90, the bid at 89 does not cross, nothing
    /// fills, and auto-deleveraging closes the 10 lots at 90 against account 2's short (entered at 100: it
    /// realises +100). Account 3, which holds no position, is not touched.
    @Test func autoDeleveragingWhenTheFundIsEmpty() throws {
        let pair = try Pair(spreadPPM: 20_000)
        pair.openLongAndShort()
        pair.apply(R.deposit(3, 10_000))
        pair.apply(R.order(3, .buy, 89, 10, id: 1))
        let collateralOf3 = pair.position(3).fast
        let events = pair.apply(R.index(88))
        let deleveraged = events.compactMap { body -> Deleveraged? in
            guard case .deleveraged(let d) = body else { return nil }
            return d
        }
        #expect(deleveraged.count == 2)
        #expect(
            deleveraged.map { [Int64($0.account), Int64($0.counterparty), $0.price, $0.quantity, $0.size] } == [
                [1, 2, 90, 10, 0], [2, 1, 90, 10, 0],
            ])
        #expect(deleveraged.map(\.side) == [.sell, .buy])
        #expect(
            events.contains(
                .liquidationEnded(LiquidationEnded(account: 1, market: 0, size: 0, collateral: 0, insurancePaid: 0))))
        #expect(!events.contains { if case .fill = $0 { true } else { false } })
        #expect(pair.position(3).fast == collateralOf3)
        // Account 2: flat, collateral 100 + 100 of PnL returned to its available balance (10,000 - 100 + 200).
        #expect(pair.available(2) == (10_100, 10_100))
    }
}
