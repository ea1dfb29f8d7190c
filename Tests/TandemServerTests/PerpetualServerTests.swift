import TandemClient
import TandemServer
import TandemWire
import Testing

/// A perpetual market over TCP: the administrator's index price, its answer and the mark on market data,
/// refusals of other accounts, and position reports on each account's own stream.
@Suite(.serialized) struct PerpetualServerTests {
    /// BOOK-USD (spot, market 0) and PERP-USD (perpetual, market 1, 10 % / 5 % / 7.5 %); traders 1 and 2, the
    /// administrator 5, the insurance fund 8.
    static let configurationJSON = """
        {
        \(ServerFixture.assetsAndBookMarketJSON)
            {"symbol": "PERP-USD", "base": "BTC", "quote": "USD", "tick_size": "1", "lot_size": "0.001",
             "min_quantity": "0.001", "max_quantity": "100", "price_band_ppm": 50000, "reference_price": "1000",
             "maker_fee_ppm": 0, "taker_fee_ppm": 0,
             "perpetual": {"initial_margin_ppm": 100000, "maintenance_margin_ppm": 50000, "margin_call_ppm": 75000,
                           "liquidation_spread_ppm": 10000}}
          ],
          "accounts": [
            {"id": 1, "api_key": "key-1", "deposits": {"USD": "10000000"}},
            {"id": 2, "api_key": "key-2", "deposits": {"USD": "10000000"}},
            {"id": 5, "api_key": "key-5"},
            {"id": 8, "deposits": {"USD": "1000000"}}
          ],
          "insurance_fund_account": 8,
          "admin_account": 5
        }
        """

    private func perpetualFixture() throws -> ServerFixture {
        try ServerFixture(configurationJSON: Self.configurationJSON)
    }

    @Test func theAdministratorsIndexPriceIsAnsweredAndPublished() throws {
        let fixture = try perpetualFixture()
        defer { fixture.stop() }
        let marketData = try fixture.marketData(account: 1)
        let snapshotDefinition = try #require(marketData.book(market: 1)?.instrument)
        #expect(snapshotDefinition.kind == .perpetual)
        #expect(snapshotDefinition.initialMarginPPM == 100_000 && snapshotDefinition.maintenanceMarginPPM == 50_000)
        #expect(snapshotDefinition.marginCallPPM == 75_000 && snapshotDefinition.liquidationSpreadPPM == 10_000)
        let admin = try fixture.orderEntry(account: 5)
        let requestId = try admin.setIndexPrice(market: 1, price: ServerFixture.dollars(1_020))
        try admin.flush(timeout: .seconds(5))
        let answer = try admin.first { message -> Wire.IndexPriceSet? in
            if case .indexPriceSet(let answer) = message { return answer }
            return nil
        }
        #expect(answer.requestId == requestId && answer.market == 1)
        #expect(answer.indexPrice == ServerFixture.dollars(1_020))
        let published = try marketData.first { message -> Wire.MarkPrice? in
            if case .markPrice(let markPrice) = message { return markPrice }
            return nil
        }
        #expect(published.market == 1 && published.indexPrice == answer.indexPrice)
        #expect(published.markPrice == answer.markPrice && published.sequence > 0)
        #expect(marketData.book(market: 1)?.markPrice == published)
        // A late joiner's snapshot shows the last mark.
        let lateJoiner = try fixture.marketData(account: 2)
        let snapshotMark = try #require(lateJoiner.book(market: 1)?.markPrice)
        #expect(snapshotMark.sequence == 0 && snapshotMark.markPrice == answer.markPrice)
    }

    @Test func anIndexPriceForASpotMarketIsRejectedToTheAdministrator() throws {
        let fixture = try perpetualFixture()
        defer { fixture.stop() }
        let admin = try fixture.orderEntry(account: 5)
        let requestId = try admin.setIndexPrice(market: 0, price: ServerFixture.dollars(1_000))
        try admin.flush(timeout: .seconds(5))
        let rejected = try admin.first { message -> Wire.OrderRejected? in
            if case .orderRejected(let rejected) = message { return rejected }
            return nil
        }
        #expect(rejected.clientId == requestId && rejected.reason == .notPerpetual)
        #expect(rejected.rejectedMessageType == .indexPrice)
    }

    @Test func anotherAccountsIndexPriceIsNotPermitted() throws {
        let fixture = try perpetualFixture()
        defer { fixture.stop() }
        let trader = try fixture.orderEntry(account: 1)
        let requestId = try trader.setIndexPrice(market: 1, price: ServerFixture.dollars(1_020))
        try trader.flush(timeout: .seconds(5))
        let refused = try trader.first { message -> Wire.MessageRejected? in
            if case .messageRejected(let refused) = message { return refused }
            return nil
        }
        #expect(refused.clientId == requestId && refused.reason == .notPermitted)
        #expect(refused.rejectedMessageType == Wire.MessageType.indexPrice.rawValue)
    }

    @Test func aMarginAdjustmentIsReportedAsThePositionAndTheBalance() throws {
        let fixture = try perpetualFixture()
        defer { fixture.stop() }
        let session = try fixture.orderEntry(account: 1)
        let position = { (message: Wire.Message) -> Wire.PositionUpdate? in
            if case .positionUpdate(let update) = message { return update }
            return nil
        }
        // A resting bid holds its initial margin in the (flat) position; the adjustment adds to it. (A flat
        // position without orders would hand the collateral straight back.)
        try session.newOrder(market: 1, side: .buy, price: ServerFixture.dollars(900), quantity: ServerFixture.lot)
        try session.flush(timeout: .seconds(5))
        let margined = try session.first(position)
        try session.adjustMargin(market: 1, amount: ServerFixture.dollars(50))
        try session.flush(timeout: .seconds(5))
        let adjusted = try session.first(position)
        #expect(adjusted.market == 1 && adjusted.size == 0)
        #expect(adjusted.collateral == margined.collateral + ServerFixture.dollars(50))
        let balance = try session.first { message -> Wire.BalanceUpdate? in
            if case .balanceUpdate(let update) = message { return update }
            return nil
        }
        #expect(balance.asset == 1 && balance.available == ServerFixture.dollars(10_000_000) - adjusted.collateral)
    }

    @Test func aPerpetualTradeReportsEachSidesPosition() throws {
        let fixture = try perpetualFixture()
        defer { fixture.stop() }
        let maker = try fixture.orderEntry(account: 1)
        let taker = try fixture.orderEntry(account: 2)
        try maker.newOrder(market: 1, side: .sell, price: ServerFixture.dollars(1_000), quantity: 2 * ServerFixture.lot)
        try maker.flush(timeout: .seconds(5))
        _ = try maker.first { message -> Bool? in message.messageType == .orderAccepted ? true : nil }
        try taker.newOrder(
            market: 1, side: .buy, price: ServerFixture.dollars(1_000), quantity: 2 * ServerFixture.lot,
            timeInForce: .ioc)
        try taker.flush(timeout: .seconds(5))
        let position = { (message: Wire.Message) -> Wire.PositionUpdate? in
            if case .positionUpdate(let update) = message { return update }
            return nil
        }
        let long = try taker.first(position)
        #expect(long.market == 1 && long.size == 2 * ServerFixture.lot)
        #expect(long.entryPrice == ServerFixture.dollars(1_000))
        // The maker's resting order already moved margin into its (still flat) position; the trade opens it.
        let short = try maker.first { message in position(message).flatMap { $0.size == 0 ? nil : $0 } }
        #expect(short.size == -2 * ServerFixture.lot && short.collateral > 0)
    }
}
