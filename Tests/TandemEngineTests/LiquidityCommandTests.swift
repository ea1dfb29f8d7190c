import Testing
import TandemAMM
@testable import TandemEngine

@Suite struct LiquidityCommandTests {
    @Test func addAndRemoveMoveBalancesSharesAndFees() throws {
        let fixture = try HybridFixture(poolFeePPM: 3_000)
        let added = fixture.apply(.addLiquidity(AddLiquidity(account: 1, market: 0, maxBase: 100, maxQuote: 50_000)))
        // 10,000 shares exist over (1,000, 100,000): 100 base buys 1,000 shares, which need 10,000 quote.
        #expect(added.first == .liquidityAdded(LiquidityAdded(account: 1, market: 0, base: 100, quote: 10_000, shares: 1_000)))
        #expect(fixture.engine.balance(account: 1, asset: HybridFixture.quote)!.available == 100_000_000 - 10_000)
        fixture.order(2, .buy, 150, 200, id: 1, timeInForce: .ioc)
        let removed = fixture.apply(.removeLiquidity(RemoveLiquidity(account: 1, market: 0, shares: 1_000)))
        guard case .liquidityRemoved(let removal) = removed.first else {
            Issue.record("expected a removal, got \(removed)")
            return
        }
        #expect(removal.feeQuote > 0 && removal.feeBase == 0)
        #expect(removal.quote > 10_000 && removal.base < 100)
    }

    @Test(arguments: [
        (AddLiquidity(account: 1, market: 0, maxBase: 0, maxQuote: 10), RejectReason.invalidAmount),
        (AddLiquidity(account: 1, market: 0, maxBase: 17, maxQuote: 10_000), .quantityNotOnLot),
        (AddLiquidity(account: 1, market: 0, maxBase: 100, maxQuote: 10_000, minShares: 2_000), .slippage),
        (AddLiquidity(account: 1, market: 0, maxBase: 10, maxQuote: 1), .liquidityTooSmall),
        (AddLiquidity(account: 1, market: 0, maxBase: 100_000_000, maxQuote: 1_000_000_000), .insufficientBalance),
        (AddLiquidity(account: 77, market: 0, maxBase: 100, maxQuote: 100), .unknownAccount),
        (AddLiquidity(account: 1, market: 3, maxBase: 100, maxQuote: 100), .unknownMarket),
    ])
    func addRejects(_ add: AddLiquidity, _ reason: RejectReason) throws {
        let fixture = try HybridFixture(lotSize: 5)
        #expect(fixture.apply(.addLiquidity(add)) == [.rejected(CommandRejected(account: add.account, command: .addLiquidity, reference: 0, reason: reason))])
    }

    @Test func removeRejects() throws {
        let fixture = try HybridFixture()
        let tooMany = fixture.apply(.removeLiquidity(RemoveLiquidity(account: 9, market: 0, shares: 9_001)))
        #expect(tooMany.first?.rejection == .insufficientShares)
        let greedy = fixture.apply(.removeLiquidity(RemoveLiquidity(account: 9, market: 0, shares: 10, minBase: 2)))
        #expect(greedy.first?.rejection == .slippage)
        let none = fixture.apply(.removeLiquidity(RemoveLiquidity(account: 9, market: 0, shares: 0)))
        #expect(none.first?.rejection == .invalidAmount)
    }

    @Test func aFirstDepositThatWouldCrossTheBookIsRejected() throws {
        let fixture = try HybridFixture(poolBase: 0, poolQuote: 0)
        fixture.order(1, .sell, 50, 5, id: 1)
        let crossing = fixture.apply(.addLiquidity(AddLiquidity(account: 2, market: 0, maxBase: 1_000, maxQuote: 100_000)))
        #expect(crossing.first?.rejection == .poolWouldCross)
        let empty = fixture.apply(.removeLiquidity(RemoveLiquidity(account: 2, market: 0, shares: 1)))
        #expect(empty.first?.rejection == .emptyPool)
        let fine = fixture.apply(.addLiquidity(AddLiquidity(account: 2, market: 0, maxBase: 1_000, maxQuote: 40_000)))
        #expect(fine.contains { if case .liquidityAdded = $0 { true } else { false } })
    }

    @Test func aMarketWithoutAPoolRejectsLiquidity() throws {
        let engine = try Engine(
            configuration: EngineConfiguration(
                assets: [AssetConfiguration(symbol: "B", decimals: 0), AssetConfiguration(symbol: "Q", decimals: 0)],
                markets: [
                    MarketConfiguration(
                        symbol: "X", baseAsset: 0, quoteAsset: 1, tickSize: 1, lotSize: 1, minQuantity: 1,
                        maxQuantity: 100, priceBandPPM: 0, referencePrice: 0, makerFeePPM: 0, takerFeePPM: 0)
                ]))
        engine.apply(.deposit(Transfer(account: 1, asset: 0, amount: 10)), timestamp: 0)
        engine.apply(.addLiquidity(AddLiquidity(account: 1, market: 0, maxBase: 1, maxQuote: 1)), timestamp: 0)
        #expect(engine.events.map(\.body).first?.rejection == .noPool)
    }
}
