import TandemEngine
import TandemJournal
import XCTest

/// The dump's JSON of perpetual commands and events: the journal's integers, markets by index.
final class JournalJSONTests: XCTestCase {
    func testWritesAnIndexPrice() {
        XCTAssertEqual(
            JournalJSON.command(.indexPrice(IndexPrice(market: 2, price: 65_000_000_000))),
            #"{"type":"index_price","account":0,"market":2,"price":65000000000}"#)
    }

    func testWritesAMarginAdjustment() {
        XCTAssertEqual(
            JournalJSON.command(.adjustMargin(AdjustMargin(account: 3, market: 2, amount: -500))),
            #"{"type":"adjust_margin","account":3,"market":2,"amount":-500}"#)
    }

    func testWritesEveryMemberOfThePerpetualEvents() {
        let head = #"{"seq":5,"ts":6,"type":"#
        let cases: [(EventBody, String)] = [
            (
                .positionUpdate(PositionUpdate(account: 1, market: 2, size: -3, entryPrice: 4, collateral: 5)),
                #""position_update","account":1,"market":2,"size":-3,"entry_price":4,"collateral":5}"#
            ),
            (
                .marginCall(
                    MarginCall(account: 1, market: 2, equity: -1, initialRequirement: 8, maintenanceRequirement: 4)),
                #""margin_call","account":1,"market":2,"equity":-1,"initial_requirement":8,"#
                    + #""maintenance_requirement":4}"#
            ),
            (
                .liquidationStarted(
                    LiquidationStarted(
                        account: 1, market: 2, size: 3, markPrice: 90, equity: 2, maintenanceRequirement: 5)),
                #""liquidation_started","account":1,"market":2,"size":3,"mark_price":90,"equity":2,"#
                    + #""maintenance_requirement":5}"#
            ),
            (
                .liquidationEnded(LiquidationEnded(account: 1, market: 2, size: 0, collateral: 0, insurancePaid: 7)),
                #""liquidation_ended","account":1,"market":2,"size":0,"collateral":0,"insurance_paid":7}"#
            ),
            (
                .insuranceFund(InsuranceFundUpdate(account: 1, market: 2, amount: -7, balance: 93)),
                #""insurance_fund","account":1,"market":2,"amount":-7,"balance":93}"#
            ),
            (
                .deleveraged(
                    Deleveraged(
                        tradeId: 9, account: 1, counterparty: 4, market: 2, side: .sell, price: 88, quantity: 3,
                        size: 0)),
                #""deleveraged","trade_id":9,"account":1,"counterparty":4,"market":2,"side":"sell","price":88,"#
                    + #""quantity":3,"size":0}"#
            ),
            (
                .indexPrice(IndexPriceUpdate(market: 2, indexPrice: 100, markPrice: 99)),
                #""index_price","market":2,"index_price":100,"mark_price":99}"#
            ),
        ]
        for (body, members) in cases {
            XCTAssertEqual(JournalJSON.event(Event(sequence: 5, timestamp: 6, body: body)), head + members)
        }
    }
}
