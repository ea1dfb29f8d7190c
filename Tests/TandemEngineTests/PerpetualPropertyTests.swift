import XCTest

@testable import TandemEngine

/// Random perpetual streams (orders, reduce-only IOCs, cancels, replaces, index moves, margin and vault changes)
/// with the invariants checked after every command against the engine's own state.
final class PerpetualPropertyTests: XCTestCase {
    private struct Counts {
        var liquidations = 0
        var deleveraging = 0
        var insurance = 0
        var marginCalls = 0
    }

    func testInvariantsHoldAfterEveryCommand() throws {
        var counts = Counts()
        for seed in 1...40 { try runStream(seed: UInt64(seed), steps: 2_500, counts: &counts) }
        // The streams reach every path they are meant to check.
        XCTAssertGreaterThan(counts.liquidations, 100)
        XCTAssertGreaterThan(counts.deleveraging, 10)
        XCTAssertGreaterThan(counts.insurance, 0)
        XCTAssertGreaterThan(counts.marginCalls, 100)
    }

    private func runStream(seed: UInt64, steps: Int, counts: inout Counts) throws {
        var random = SplitMix64(seed: seed)
        let hasPool = seed % 2 == 0
        let fixture = try PerpetualFixture(
            spreadPPM: random.int64(0...2) * 20_000,
            pool: hasPool ? PoolConfiguration(feePPM: 3_000, initialBase: 1_000, initialQuote: 100_000, owner: 9) : nil,
            takerFeePPM: random.int64(0...1) * 1_000)
        var deposits: Int64 = hasPool ? 100_000 : 0
        for account: UInt32 in 1...6 { fixture.deposit(account, 3_000) }
        let fund = random.int64(0...1) * 500
        if fund > 0 { fixture.deposit(PerpetualFixture.insuranceFund, fund) }
        deposits += 6 * 3_000 + fund
        var index: Int64 = 100
        var id: UInt64 = 1
        for step in 0..<steps {
            let account = UInt32(random.int(1...6))
            id += 1
            let recent = OrderReference.clientOrderId(UInt64(max(1, Int(id) - random.int(0...19))))
            let side: Side = random.chance(50) ? .buy : .sell
            switch random.int(0...9) {
            case 0:
                index = max(50, min(150, index + random.int64(-10...10)))
                fixture.index(index)
            case 1: fixture.apply(.cancel(CancelOrder(account: account, order: recent)))
            case 2:
                fixture.apply(.replace(ReplaceOrder(account: account, order: recent, price: random.int64(90...110))))
            case 3:
                fixture.order(
                    account, side, random.int64(90...110), random.int64(1...10), id: id, timeInForce: .ioc,
                    reduceOnly: random.chance(33))
            case 4 where hasPool:
                fixture.apply(
                    .addLiquidity(
                        AddLiquidity(account: account, market: 0, maxBase: 0, maxQuote: random.int64(1...500))))
            case 5 where hasPool:
                fixture.apply(
                    .removeLiquidity(RemoveLiquidity(account: account, market: 0, shares: random.int64(1...500))))
            case 6:
                fixture.apply(
                    .adjustMargin(AdjustMargin(account: account, market: 0, amount: random.int64(-150...250))))
            default: fixture.order(account, side, index + random.int64(-10...10), random.int64(1...10), id: id)
            }
            let context = "seed \(seed), step \(step): \(fixture.engine.events.map(\.body))"
            tally(fixture.engine.events, into: &counts)
            let positions = fixture.engine.positions(market: 0)
            XCTAssertEqual(positions.reduce(0) { $0 + $1.size }, 0, "open interest, \(context)")
            XCTAssertEqual(fixture.heldQuote(), deposits, "conservation, \(context)")
            for position in positions where position.size != 0 {
                XCTAssertFalse(
                    position.equity < position.maintenanceRequirement, "left below maintenance, \(context)")
            }
            for position in positions where position.size == 0 && position.bids == 0 && position.asks == 0 {
                XCTAssertTrue(
                    position.collateral == 0 || position.account == PerpetualFixture.vault,
                    "collateral kept without a position, \(context)")
            }
            if step % 500 == 0 {
                let restored = try Engine.restore(
                    configuration: fixture.engine.configuration, snapshot: fixture.engine.snapshot())
                XCTAssertEqual(restored.stateHash(), fixture.engine.stateHash(), "snapshot, \(context)")
            }
            if fixture.heldQuote() != deposits { return }
        }
    }

    private func tally(_ events: [Event], into counts: inout Counts) {
        for event in events {
            switch event.body {
            case .liquidationStarted: counts.liquidations += 1
            case .deleveraged: counts.deleveraging += 1
            case .insuranceFund: counts.insurance += 1
            case .marginCall: counts.marginCalls += 1
            default: break
            }
        }
    }
}
