import Testing

@testable import TandemEngine

/// New orders: acceptance, reservation, resting, order ids, book queries and market-order prices.
@Suite struct OrderEntryTests {
    @Test func limitBuyRestsAndReservesQuote() throws {
        let harness = try Harness()
        #expect(harness.deposit(1, Asset.quote, 10_000) == [balance(1, Asset.quote, available: 10_000)])
        // 5 lots at 100 ticks: 5 * (100 + ceil(100 * 3000 / 1e6)) = 505.
        #expect(
            harness.order(1, .buy, price: 1_000, quantity: 50, clientOrderId: 7) == [
                accepted(1, account: 1, .buy, price: 1_000, quantity: 50, clientOrderId: 7),
                balance(1, Asset.quote, available: 9_495, reserved: 505),
            ])
        #expect(
            harness.engine.restingOrders(market: 0, side: .buy) == [
                RestingOrder(orderId: 1, clientOrderId: 7, account: 1, side: .buy, price: 1_000, quantity: 50)
            ])
        #expect(harness.engine.restingOrderCount(market: 0) == 1)
        #expect(harness.book(.sell).isEmpty)
        #expect(harness.engine.lastTradePrice(market: 0) == 0)
    }

    @Test func limitSellRestsAndReservesBase() throws {
        let harness = try Harness()
        harness.deposit(2, Asset.base, 1_000)
        #expect(
            harness.order(2, .sell, price: 1_100, quantity: 30) == [
                accepted(1, account: 2, .sell, price: 1_100, quantity: 30),
                balance(2, Asset.base, available: 970, reserved: 30),
            ])
        #expect(harness.book(.sell) == [BookEntry(1, 1_100, 30)])
    }

    @Test func orderIdsCountFromOneAcrossMarketsAndRejectionsTakeNone() throws {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 1_000, quantity: 10)
        #expect(
            harness.order(1, .buy, price: 1_005, quantity: 10) == [
                rejected(1, .newOrder, .priceNotOnTick, reference: 2)
            ])
        harness.order(1, .buy, price: 100, quantity: 4, market: 1)
        harness.order(2, .sell, price: 1_100, quantity: 10)
        #expect(harness.book(.buy) == [BookEntry(1, 1_000, 10)])
        #expect(harness.book(.buy, market: 1) == [BookEntry(2, 100, 4)])
        #expect(harness.book(.sell) == [BookEntry(3, 1_100, 10)])
    }

    @Test func bookLevelsAggregateBestPriceFirst() throws {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 1_000, quantity: 10)
        harness.order(2, .buy, price: 1_000, quantity: 20)
        harness.order(3, .buy, price: 990, quantity: 30)
        harness.order(1, .sell, price: 1_020, quantity: 10)
        harness.order(2, .sell, price: 1_010, quantity: 10)
        harness.order(3, .sell, price: 1_010, quantity: 20)
        let engine = harness.engine
        #expect(
            engine.bookLevels(market: 0, side: .buy) == [
                BookLevel(price: 1_000, quantity: 30, orderCount: 2),
                BookLevel(price: 990, quantity: 30, orderCount: 1),
            ])
        #expect(
            engine.bookLevels(market: 0, side: .buy, limit: 1) == [BookLevel(price: 1_000, quantity: 30, orderCount: 2)]
        )
        #expect(
            engine.bookLevels(market: 0, side: .sell) == [
                BookLevel(price: 1_010, quantity: 30, orderCount: 2),
                BookLevel(price: 1_020, quantity: 10, orderCount: 1),
            ])
        #expect(engine.levelCount(market: 0, side: .buy) == 2)
        #expect(engine.levelCount(market: 0, side: .sell) == 2)
        #expect(engine.restingOrderCount(market: 0) == 6)
        #expect(engine.restingOrderCount(market: 1) == 0)
        #expect(harness.book(.buy) == [BookEntry(1, 1_000, 10), BookEntry(2, 1_000, 20), BookEntry(3, 990, 30)])
        #expect(harness.book(.sell) == [BookEntry(5, 1_010, 10), BookEntry(6, 1_010, 20), BookEntry(4, 1_020, 10)])
    }

    @Test func postOnlyOrderRestsWhenItDoesNotCross() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_010, quantity: 10)
        #expect(
            harness.order(1, .buy, price: 1_000, quantity: 10, postOnly: true) == [
                accepted(2, account: 1, .buy, price: 1_000, quantity: 10, postOnly: true),
                balance(1, Asset.quote, available: 99_899, reserved: 101),
            ])
        #expect(harness.book(.buy) == [BookEntry(2, 1_000, 10)])
    }

    @Test func marketBuyTradesUpToTheUpperBandEdge() throws {
        let harness = try Harness()
        harness.deposit(1, Asset.quote, 10_000)
        harness.deposit(2, Asset.base, 100)
        harness.order(2, .sell, price: 1_050, quantity: 20)
        // Reference 100 ticks, band 10 %: limit floor(100 * 1.1) = 110 ticks (price 1100), reserving
        // 5 * perLot(110) = 5 * 111 = 555. The trade: 2 lots at 105 ticks, notional 210, taker fee
        // ceil(0.63) = 1, maker rebate floor(0.42) = 0. The buyer pays 211 of the 555 and gets the rest back.
        #expect(
            harness.order(1, .buy, price: 0, quantity: 50, type: .market, timeInForce: .ioc) == [
                accepted(2, account: 1, .buy, price: 1_100, quantity: 50, type: .market, timeInForce: .ioc),
                fill(trade: 1, order: 2, account: 1, .buy, .taker, price: 1_050, quantity: 20, remaining: 30, fee: 1),
                fill(trade: 1, order: 1, account: 2, .sell, .maker, price: 1_050, quantity: 20, remaining: 0, fee: 0),
                canceled(2, account: 1, .buy, quantity: 30, .iocRemainder),
                balance(0, Asset.quote, available: 1),
                balance(1, Asset.base, available: 20),
                balance(1, Asset.quote, available: 9_789),
                balance(2, Asset.base, available: 80),
                balance(2, Asset.quote, available: 210),
            ])
        #expect(harness.engine.lastTradePrice(market: 0) == 1_050)
        #expect(harness.book(.sell).isEmpty)
    }

    @Test func marketSellTradesDownToTheLowerBandEdge() throws {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 950, quantity: 10)
        harness.order(3, .buy, price: 890, quantity: 10)
        // ceil(100 * 0.9) = 90 ticks: the bid at 95 ticks trades, the one at 89 does not.
        #expect(
            withoutBalances(harness.order(2, .sell, price: 0, quantity: 30, type: .market, timeInForce: .ioc)) == [
                accepted(3, account: 2, .sell, price: 900, quantity: 30, type: .market, timeInForce: .ioc),
                fill(trade: 1, order: 3, account: 2, .sell, .taker, price: 950, quantity: 10, remaining: 20, fee: 1),
                fill(trade: 1, order: 1, account: 1, .buy, .maker, price: 950, quantity: 10, remaining: 0, fee: 0),
                canceled(3, account: 2, .sell, quantity: 20, .iocRemainder),
            ])
        #expect(harness.book(.buy) == [BookEntry(2, 890, 10)])
    }

    @Test func marketOrderWithNothingToTakeChangesNoBalance() throws {
        let harness = try Harness.funded()
        #expect(
            harness.order(2, .sell, price: 0, quantity: 30, type: .market, timeInForce: .ioc) == [
                accepted(1, account: 2, .sell, price: 900, quantity: 30, type: .market, timeInForce: .ioc),
                canceled(1, account: 2, .sell, quantity: 30, .iocRemainder),
            ])
    }

    @Test func marketOrdersFollowTheLastTradePrice() throws {
        let harness = try Harness.funded()
        harness.order(2, .sell, price: 1_050, quantity: 10)
        harness.order(1, .buy, price: 1_050, quantity: 10)
        // Reference 105 ticks: buy floor(115.5) = 115, sell ceil(94.5) = 95.
        #expect(
            harness.order(1, .buy, price: 0, quantity: 10, type: .market, timeInForce: .ioc).first
                == accepted(3, account: 1, .buy, price: 1_150, quantity: 10, type: .market, timeInForce: .ioc))
        #expect(
            harness.order(2, .sell, price: 0, quantity: 10, type: .market, timeInForce: .fok).first
                == accepted(4, account: 2, .sell, price: 950, quantity: 10, type: .market, timeInForce: .fok))
    }

    @Test func marketOrderLimitsStayInsideThePriceRange() throws {
        var market = UnitTest.baseMarket
        market.maxPrice = 1_050
        market.priceBandPPM = 999_999
        let harness = try Harness.funded(UnitTest.configuration(markets: [market, UnitTest.coinMarket]))
        // Buy: min(floor(100 * 1.999999), 105) = 105 ticks; sell: max(ceil(100 * 0.000001), 1) = 1 tick.
        #expect(
            harness.order(1, .buy, price: 0, quantity: 10, type: .market, timeInForce: .ioc).first
                == accepted(1, account: 1, .buy, price: 1_050, quantity: 10, type: .market, timeInForce: .ioc))
        #expect(
            harness.order(1, .sell, price: 0, quantity: 10, type: .market, timeInForce: .ioc).first
                == accepted(2, account: 1, .sell, price: 10, quantity: 10, type: .market, timeInForce: .ioc))
    }
}
