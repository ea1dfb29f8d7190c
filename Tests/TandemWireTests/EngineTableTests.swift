import TandemEngine
import TandemWire
import XCTest

/// The wire's tables are the engine's: same codes, same names, so mapping is by raw value.
final class EngineTableTests: XCTestCase {
    func testRejectReasonsAreTheEngines() {
        XCTAssertEqual(Wire.RejectReason.allCases.count, RejectReason.allCases.count)
        for reason in RejectReason.allCases {
            XCTAssertEqual(Wire.RejectReason(rawValue: reason.rawValue)?.name, reason.name, "code \(reason.rawValue)")
        }
    }

    func testCancelReasonsAreTheEngines() {
        XCTAssertEqual(Wire.CancelReason.allCases.count, CancelReason.allCases.count)
        for reason in CancelReason.allCases {
            XCTAssertEqual(Wire.CancelReason(rawValue: reason.rawValue)?.name, reason.name, "code \(reason.rawValue)")
        }
    }

    func testOrderEnumerationsHaveTheEnginesCodes() {
        XCTAssertEqual(Wire.Side.allCases.map(\.rawValue), Side.allCases.map(\.rawValue))
        XCTAssertEqual(Wire.OrderType.allCases.map(\.rawValue), OrderType.allCases.map(\.rawValue))
        XCTAssertEqual(Wire.TimeInForce.allCases.map(\.rawValue), TimeInForce.allCases.map(\.rawValue))
        XCTAssertEqual(
            Wire.SelfTradeMode.allCases.map(\.rawValue), SelfTradePrevention.allCases.map(\.rawValue))
        XCTAssertEqual(Wire.LiquiditySource.bookMaker.rawValue, Liquidity.maker.rawValue)
        XCTAssertEqual(Wire.LiquiditySource.bookTaker.rawValue, Liquidity.taker.rawValue)
    }
}
