import XCTest

@testable import TandemEngine

/// Perpetual margin, liquidation and deleveraging on hand-computed examples (`PerpetualFixture` units).
final class PerpetualMarginTests: XCTestCase {
    func testOpeningMovesTheInitialMarginIntoEachPosition() throws {
        let fixture = try PerpetualFixture()
        fixture.deposit(1, 10_000)
        fixture.deposit(2, 10_000)
        fixture.order(2, .sell, 100, 10, id: 1)
        let events = fixture.order(1, .buy, 100, 10, id: 1)
        // 10 lots at a mark of 100 need ceil(1000 * 10 %) = 100 each.
        XCTAssertEqual(
            Array(events.suffix(3)),
            [
                .positionUpdate(PositionUpdate(account: 1, market: 0, size: 10, entryPrice: 100, collateral: 100)),
                .positionUpdate(PositionUpdate(account: 2, market: 0, size: -10, entryPrice: 100, collateral: 100)),
                .balance(BalanceUpdate(account: 1, asset: 1, available: 9_900, reserved: 0)),
            ])
        XCTAssertEqual(fixture.engine.balance(account: 2, asset: 1)?.available, 9_900)
        XCTAssertEqual(fixture.heldQuote(), 20_000)
    }

    func testAnOrderBeyondTheCollateralIsRejectedForMargin() throws {
        let fixture = try PerpetualFixture()
        fixture.deposit(4, 50)
        XCTAssertEqual(
            fixture.order(4, .buy, 100, 10, id: 7),
            [.rejected(CommandRejected(account: 4, command: .newOrder, reference: 7, reason: .insufficientMargin))])
        XCTAssertEqual(fixture.engine.balance(account: 4, asset: 1)?.available, 50)
    }

    func testReduceOnlyNeverIncreasesAPosition() throws {
        let fixture = try PerpetualFixture()
        fixture.openLongAndShort()
        let reason = { (events: [EventBody]) -> RejectReason? in
            guard case .rejected(let rejection) = events.first else { return nil }
            return rejection.reason
        }
        XCTAssertEqual(
            reason(fixture.order(1, .sell, 90, 11, id: 2, timeInForce: .ioc, reduceOnly: true)),
            .reduceOnlyWouldIncrease)
        XCTAssertEqual(
            reason(fixture.order(1, .buy, 110, 1, id: 3, timeInForce: .ioc, reduceOnly: true)), .reduceOnlyWouldIncrease
        )
        XCTAssertEqual(reason(fixture.order(1, .sell, 90, 5, id: 4, reduceOnly: true)), .invalidTimeInForce)
        fixture.order(2, .buy, 100, 4, id: 5)
        fixture.order(1, .sell, 100, 4, id: 6, timeInForce: .ioc, reduceOnly: true)
        XCTAssertEqual(fixture.position(1).size, 6)
        XCTAssertEqual(fixture.position(2).size, -6)
    }

    func testAddedMarginMovesTheLiquidationAwayAndComesBackOnlyAboveTheInitialRequirement() throws {
        let fixture = try PerpetualFixture()
        fixture.openLongAndShort()
        let adjust = { (amount: Int64) in
            fixture.apply(.adjustMargin(AdjustMargin(account: 1, market: 0, amount: amount)))
        }
        XCTAssertEqual(
            adjust(200).prefix(1),
            [.positionUpdate(PositionUpdate(account: 1, market: 0, size: 10, entryPrice: 100, collateral: 300))])
        // 300 of collateral: at 80 the equity is 100 against a maintenance of 40, so nothing happens.
        XCTAssertFalse(fixture.index(80).contains { if case .liquidationStarted = $0 { true } else { false } })
        // At 80 the initial requirement is 80 and the equity 100: 20 may come out, 21 may not.
        XCTAssertEqual(
            adjust(-21),
            [.rejected(CommandRejected(account: 1, command: .adjustMargin, reference: 0, reason: .insufficientMargin))])
        _ = adjust(-20)
        XCTAssertEqual(fixture.position(1).collateral, 280)
        XCTAssertEqual(fixture.engine.balance(account: 1, asset: 1)?.available, 9_720)
        XCTAssertEqual(
            fixture.apply(.adjustMargin(AdjustMargin(account: 1, market: 0, amount: 1_000_000))),
            [.rejected(CommandRejected(account: 1, command: .adjustMargin, reference: 0, reason: .insufficientBalance))]
        )
    }

    func testAMarginCallCancelsTheAccountsOrders() throws {
        let fixture = try PerpetualFixture()
        fixture.openLongAndShort()
        // Worst side stays 10 lots, so the sell needs no more margin.
        fixture.order(1, .sell, 120, 5, id: 2)
        // At 96: equity 100 + 960 - 1000 = 60, call tier ceil(72) = 72, maintenance 48.
        let events = fixture.index(96)
        XCTAssertEqual(
            Array(events.prefix(3)),
            [
                .indexPrice(IndexPriceUpdate(market: 0, indexPrice: 96, markPrice: 96)),
                .marginCall(
                    MarginCall(account: 1, market: 0, equity: 60, initialRequirement: 96, maintenanceRequirement: 48)),
                .canceled(
                    OrderCanceled(
                        orderId: 3, clientOrderId: 2, account: 1, market: 0, side: .sell, canceledQuantity: 5,
                        remaining: 0, reason: .marginCall)),
            ])
        XCTAssertEqual(fixture.engine.restingOrderCount(market: 0), 0)
        XCTAssertFalse(fixture.index(95).contains { if case .marginCall = $0 { true } else { false } })
    }

    func testAFallingIndexLiquidatesPartOfALongThroughTheBook() throws {
        let fixture = try PerpetualFixture()
        fixture.openLongAndShort()
        fixture.deposit(3, 10_000)
        fixture.order(3, .buy, 93, 10, id: 1)
        // At 94 the long's equity is 40 against a maintenance of 47. Closing k lots at the mark leaves 10 - k
        // above maintenance once floor(40 / 4.7) = 8 remain: 2 lots, bounded at the bankruptcy price 90.
        let events = fixture.index(94)
        XCTAssertEqual(
            Array(events.prefix(7)),
            [
                .indexPrice(IndexPriceUpdate(market: 0, indexPrice: 94, markPrice: 94)),
                .liquidationStarted(
                    LiquidationStarted(
                        account: 1, market: 0, size: 10, markPrice: 94, equity: 40, maintenanceRequirement: 47)),
                .fill(
                    Fill(
                        tradeId: 2, orderId: 4, clientOrderId: 0, account: 1, market: 0, side: .sell, liquidity: .taker,
                        price: 93, quantity: 2, remaining: 0, fee: 0)),
                .fill(
                    Fill(
                        tradeId: 2, orderId: 3, clientOrderId: 1, account: 3, market: 0, side: .buy, liquidity: .maker,
                        price: 93, quantity: 2, remaining: 8, fee: 0)),
                .liquidationEnded(LiquidationEnded(account: 1, market: 0, size: 8, collateral: 86, insurancePaid: 0)),
                // Back above maintenance (38 against 38) but under the call tier of 57.
                .marginCall(
                    MarginCall(account: 1, market: 0, equity: 38, initialRequirement: 76, maintenanceRequirement: 38)),
                .positionUpdate(PositionUpdate(account: 1, market: 0, size: 8, entryPrice: 100, collateral: 86)),
            ])
        XCTAssertEqual(fixture.heldQuote(), 30_000)
    }

    func testTheInsuranceFundCoversAGapPastTheBankruptcyPrice() throws {
        let fixture = try PerpetualFixture(spreadPPM: 100_000)
        fixture.openLongAndShort()
        fixture.deposit(3, 10_000)
        fixture.order(3, .buy, 85, 10, id: 1)
        fixture.deposit(PerpetualFixture.insuranceFund, 1_000)
        // Bankrupt at 90; the 10 % spread lets the sell reach 81, and it fills at 85: a gap of 50.
        let events = fixture.index(86)
        let paid = try XCTUnwrap(events.firstIndex { if case .insuranceFund = $0 { true } else { false } })
        XCTAssertEqual(
            Array(events[paid...].prefix(2)),
            [
                .insuranceFund(InsuranceFundUpdate(account: 1, market: 0, amount: -50, balance: 950)),
                .liquidationEnded(LiquidationEnded(account: 1, market: 0, size: 0, collateral: 0, insurancePaid: 50)),
            ])
        XCTAssertEqual(fixture.position(1).size, 0)
        XCTAssertEqual(fixture.heldQuote(), 31_000)
    }

    func testAnEmptyFundDeleveragesTheMostProfitableOpposingPosition() throws {
        let fixture = try PerpetualFixture()
        fixture.openLongAndShort()
        // Nothing bids: the long, bankrupt at 90, is closed there against the short.
        let events = fixture.index(80)
        XCTAssertEqual(
            Array(events.dropFirst(2).prefix(3)),
            [
                .deleveraged(
                    Deleveraged(
                        tradeId: 2, account: 1, counterparty: 2, market: 0, side: .sell, price: 90, quantity: 10,
                        size: 0)),
                .deleveraged(
                    Deleveraged(
                        tradeId: 2, account: 2, counterparty: 1, market: 0, side: .buy, price: 90, quantity: 10, size: 0
                    )),
                .liquidationEnded(LiquidationEnded(account: 1, market: 0, size: 0, collateral: 0, insurancePaid: 0)),
            ])
        // The short's 100 of profit and its collateral go back to its available balance.
        XCTAssertEqual(fixture.engine.balance(account: 2, asset: 1)?.available, 10_100)
        XCTAssertEqual(fixture.heldQuote(), 20_000)
    }

    func testALongIsLiquidatedThroughThePoolAndTheBookAfterArbitrageMovesThePool() throws {
        let fixture = try PerpetualFixture(
            spreadPPM: 100_000, pool: PoolConfiguration(feePPM: 0, initialBase: 1_000, initialQuote: 100_000, owner: 9))
        fixture.deposit(PerpetualFixture.insuranceFund, 10_000)
        fixture.index(100)
        fixture.deposit(1, 10_000)
        fixture.order(1, .buy, 105, 10, id: 1, timeInForce: .ioc)
        fixture.apply(.adjustMargin(AdjustMargin(account: 1, market: 0, amount: 100)))
        fixture.deposit(3, 100_000)
        fixture.deposit(4, 10_000)
        fixture.order(4, .buy, 72, 3, id: 1)
        // The mark follows the pool, not the index alone: only when arbitrage sells the pool down towards the
        // index does the mark fall far enough to liquidate the long. Bankrupt at 80, its sell may reach 72 (a
        // 10 % spread the fund pays for): the pool above 72, the bid at 72, the pool again at 72.
        fixture.index(70)
        let events = fixture.order(3, .sell, 73, 300, id: 1, timeInForce: .ioc)
        let start = try XCTUnwrap(events.firstIndex { if case .liquidationStarted = $0 { true } else { false } })
        let liquidation = events[start...]
        XCTAssertTrue(liquidation.contains { if case .poolFill(let fill) = $0 { fill.account == 1 } else { false } })
        XCTAssertTrue(liquidation.contains { if case .fill(let fill) = $0 { fill.account == 4 } else { false } })
        XCTAssertTrue(liquidation.contains { if case .insuranceFund = $0 { true } else { false } })
        XCTAssertFalse(liquidation.contains { if case .deleveraged = $0 { true } else { false } })
        XCTAssertEqual(fixture.position(1).size, 0)
        XCTAssertEqual(fixture.engine.positions(market: 0).reduce(0) { $0 + $1.size }, 0)
        XCTAssertEqual(fixture.heldQuote(), 230_000)
    }

    func testTheRouterStopsTakingFromThePoolWhereTheVaultWouldFallBelowItsInitialMargin() throws {
        let fixture = try PerpetualFixture(
            pool: PoolConfiguration(feePPM: 0, initialBase: 1_000, initialQuote: 100_000, owner: 9),
            margins: (1_000_000, 200_000, 100_000))
        fixture.deposit(1, 200_000)
        fixture.deposit(2, 100_000)
        fixture.order(1, .buy, 1_000, 400, id: 1, timeInForce: .ioc)
        // The vault sold 400 lots for 66,667; at the new mark of 277 its equity is 100,000 + 66,667 - 110,800
        // = 55,867, below its 100 % initial requirement of 110,800 (and above maintenance).
        XCTAssertEqual(fixture.position(PerpetualFixture.vault).size, -400)
        XCTAssertEqual(fixture.engine.markPrice(market: 0), 277)
        XCTAssertEqual(fixture.position(PerpetualFixture.vault).equity, 55_867)
        let buy = fixture.order(2, .buy, 1_000, 10, id: 1, timeInForce: .ioc)
        XCTAssertFalse(buy.contains { if case .poolFill = $0 { true } else { false } })
        XCTAssertTrue(
            buy.contains { if case .canceled(let canceled) = $0 { canceled.reason == .iocRemainder } else { false } })
        // A sell reduces the vault's position: the pool takes it.
        let sell = fixture.order(2, .sell, 1, 10, id: 2, timeInForce: .ioc)
        XCTAssertTrue(sell.contains { if case .poolFill = $0 { true } else { false } })
        XCTAssertEqual(fixture.position(PerpetualFixture.vault).size, -390)
    }

    func testThePoolFillsGiveTheVaultTheOppositePosition() throws {
        let fixture = try PerpetualFixture(
            pool: PoolConfiguration(feePPM: 3_000, initialBase: 1_000, initialQuote: 100_000, owner: 9))
        fixture.deposit(1, 10_000)
        fixture.order(1, .buy, 105, 10, id: 1, timeInForce: .ioc)
        XCTAssertEqual(fixture.position(1).size, 10)
        XCTAssertEqual(fixture.position(PerpetualFixture.vault).size, -10)
        XCTAssertEqual(fixture.heldQuote(), 110_000)
        let snapshot = fixture.engine.snapshot()
        let restored = try Engine.restore(configuration: fixture.engine.configuration, snapshot: snapshot)
        XCTAssertEqual(restored.stateHash(), fixture.engine.stateHash())
        XCTAssertEqual(restored.positions(market: 0), fixture.engine.positions(market: 0))
    }
}
