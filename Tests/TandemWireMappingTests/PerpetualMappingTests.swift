import TandemEngine
import TandemWire
import TandemWireMapping
import XCTest

/// Perpetual requests and reports: `index_price` becomes the engine's command, and each perpetual event its
/// wire report, field for field, surviving encoding.
final class PerpetualMappingTests: XCTestCase {
    private let request = (clientId: UInt64(77), type: Wire.MessageType.indexPrice)

    /// The report for `body`, checked to be valid and to decode to itself.
    private func report(_ body: EventBody) throws -> Wire.Message {
        let event = Event(sequence: 40, timestamp: 1_000, body: body)
        let message = Wire.Message(event: event, sequence: 5, request: request)
        try assertRoundTrips(message)
        return message
    }

    private func assertRoundTrips(_ message: Wire.Message) throws {
        XCTAssertTrue(message.isValid)
        let buffer = WireOutputBuffer()
        buffer.append(message)
        let decoded = try Wire.Message(
            type: buffer.bytes[2], block: buffer.bytes.baseAddress! + Wire.headerLength,
            blockLength: buffer.count - Wire.headerLength)
        XCTAssertEqual(decoded, message)
    }

    func testAnIndexPriceRequestBecomesTheCommandOfNoAccount() {
        let request = Wire.Message.indexPrice(Wire.IndexPrice(requestId: 3, price: 65_000, market: 2))
        XCTAssertEqual(Command.from(request, account: 10), .indexPrice(IndexPrice(market: 2, price: 65_000)))
        XCTAssertEqual(Command.from(request, account: 10)?.account, 0)
    }

    func testAMarginAdjustmentIsTheSessionAccounts() {
        let request = Wire.Message.adjustMargin(Wire.AdjustMargin(requestId: 4, amount: -250, market: 2))
        XCTAssertEqual(
            Command.from(request, account: 7), .adjustMargin(AdjustMargin(account: 7, market: 2, amount: -250)))
    }

    func testEveryPerpetualEventBecomesItsReport() throws {
        XCTAssertEqual(
            try report(
                .positionUpdate(
                    PositionUpdate(account: 1, market: 2, size: -25, entryPrice: 64_990, collateral: 1_625))),
            .positionUpdate(
                Wire.PositionUpdate(
                    sequence: 5, timestamp: 1_000, size: -25, entryPrice: 64_990, collateral: 1_625, market: 2)))
        XCTAssertEqual(
            try report(
                .marginCall(
                    MarginCall(account: 1, market: 2, equity: -8, initialRequirement: 16, maintenanceRequirement: 9))),
            .marginCall(
                Wire.MarginCall(
                    sequence: 5, timestamp: 1_000, equity: -8, initialRequirement: 16, maintenanceRequirement: 9,
                    market: 2)))
        XCTAssertEqual(
            try report(
                .liquidationStarted(
                    LiquidationStarted(
                        account: 1, market: 2, size: 10, markPrice: 68, equity: 7, maintenanceRequirement: 8))),
            .liquidationStarted(
                Wire.LiquidationStarted(
                    sequence: 5, timestamp: 1_000, size: 10, markPrice: 68, equity: 7, maintenanceRequirement: 8,
                    market: 2)))
        XCTAssertEqual(
            try report(
                .liquidationEnded(LiquidationEnded(account: 1, market: 2, size: 0, collateral: 0, insurancePaid: 12))),
            .liquidationEnded(
                Wire.LiquidationEnded(
                    sequence: 5, timestamp: 1_000, size: 0, collateral: 0, insurancePaid: 12, market: 2)))
        XCTAssertEqual(
            try report(.insuranceFund(InsuranceFundUpdate(account: 1, market: 2, amount: -12, balance: 988))),
            .insuranceFundUpdate(
                Wire.InsuranceFundUpdate(sequence: 5, timestamp: 1_000, amount: -12, balance: 988, market: 2)))
        XCTAssertEqual(
            try report(
                .deleveraged(
                    Deleveraged(
                        tradeId: 31, account: 1, counterparty: 7, market: 2, side: .sell, price: 681, quantity: 10,
                        size: 15))),
            .deleveraged(
                Wire.Deleveraged(
                    sequence: 5, timestamp: 1_000, tradeId: 31, price: 681, quantity: 10, size: 15, counterparty: 7,
                    market: 2, side: .sell)))
        XCTAssertEqual(
            try report(.indexPrice(IndexPriceUpdate(market: 2, indexPrice: 650, markPrice: 649))),
            .indexPriceSet(
                Wire.IndexPriceSet(
                    sequence: 5, timestamp: 1_000, requestId: 77, indexPrice: 650, markPrice: 649, market: 2)))
    }

    func testAnIndexPriceUpdateIsMarketDatasMarkPrice() throws {
        let message = Wire.Message(
            markPrice: IndexPriceUpdate(market: 2, indexPrice: 650, markPrice: 649), timestamp: 1_000)
        XCTAssertEqual(
            message,
            .markPrice(Wire.MarkPrice(sequence: 0, timestamp: 1_000, indexPrice: 650, markPrice: 649, market: 2)))
        try assertRoundTrips(message)
    }

    func testThePerpetualReasonsMapByCode() {
        XCTAssertEqual(Wire.RejectReason(RejectReason.insufficientMargin), .insufficientMargin)
        XCTAssertEqual(RejectReason(Wire.RejectReason.reduceOnlyWouldIncrease), .reduceOnlyWouldIncrease)
        XCTAssertEqual(Wire.CancelReason(CancelReason.liquidation), .liquidation)
        XCTAssertEqual(Wire.CancelReason(CancelReason.marginCall).rawValue, 7)
    }
}
