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

    /// A liquidity command that must be rejected, after an optional set-up, on a pool market with lots of 5.
    struct Rejection: Sendable, CustomStringConvertible {
        var poolBase: Int64 = 1_000
        var poolQuote: Int64 = 100_000
        var hasPool = true
        var setUp: @Sendable (HybridFixture) -> Void = { _ in }
        var command: Command
        var reason: RejectReason
        var description: String { "\(reason.name): \(command)" }
    }

    static let rejections: [Rejection] = [
        Rejection(command: add(maxBase: 0, maxQuote: 10), reason: .invalidAmount),
        Rejection(command: add(maxBase: 17, maxQuote: 10_000), reason: .quantityNotOnLot),
        Rejection(command: add(maxBase: 100, maxQuote: 10_000, minShares: 2_000), reason: .slippage),
        Rejection(command: add(maxBase: 10, maxQuote: 1), reason: .liquidityTooSmall),
        Rejection(command: add(maxBase: 100_000_000, maxQuote: 1_000_000_000), reason: .insufficientBalance),
        Rejection(command: add(account: 77, maxBase: 100, maxQuote: 100), reason: .unknownAccount),
        Rejection(command: add(market: 3, maxBase: 100, maxQuote: 100), reason: .unknownMarket),
        Rejection(hasPool: false, command: add(maxBase: 100, maxQuote: 100), reason: .noPool),
        Rejection(hasPool: false, command: remove(account: 1, shares: 1), reason: .noPool),
        Rejection(command: remove(account: 9, shares: 9_001), reason: .insufficientShares),
        Rejection(command: remove(account: 9, shares: 10, minBase: 2), reason: .slippage),
        Rejection(command: remove(account: 9, shares: 0), reason: .invalidAmount),
        Rejection(poolBase: 0, poolQuote: 0, command: remove(account: 2, shares: 1), reason: .emptyPool),
        Rejection(
            poolBase: 0, poolQuote: 0, setUp: { $0.order(1, .sell, 50, 5, id: 1) },
            command: add(account: 2, maxBase: 1_000, maxQuote: 100_000), reason: .poolWouldCross),
    ]

    static func add(
        account: UInt32 = 1, market: Int = 0, maxBase: Int64, maxQuote: Int64, minShares: Int64 = 0
    ) -> Command {
        .addLiquidity(
            AddLiquidity(account: account, market: market, maxBase: maxBase, maxQuote: maxQuote, minShares: minShares))
    }

    static func remove(account: UInt32, shares: Int64, minBase: Int64 = 0) -> Command {
        .removeLiquidity(RemoveLiquidity(account: account, market: 0, shares: shares, minBase: minBase))
    }

    @Test(arguments: rejections)
    func rejectionNamesTheFirstFailingCheckAndChangesNothing(_ rejection: Rejection) throws {
        let fixture = try HybridFixture(
            poolBase: rejection.poolBase, poolQuote: rejection.poolQuote, lotSize: 5, hasPool: rejection.hasPool)
        rejection.setUp(fixture)
        let before = fixture.snapshot()
        #expect(
            fixture.apply(rejection.command) == [
                .rejected(
                    CommandRejected(
                        account: rejection.command.account, command: rejection.command.kind, reference: 0,
                        reason: rejection.reason))
            ])
        #expect(fixture.snapshot() == before)
    }

    @Test func aDepositThatWouldNotCrossIsTakenOnAnEmptyPool() throws {
        let fixture = try HybridFixture(poolBase: 0, poolQuote: 0)
        fixture.order(1, .sell, 50, 5, id: 1)
        let fine = fixture.apply(.addLiquidity(AddLiquidity(account: 2, market: 0, maxBase: 1_000, maxQuote: 40_000)))
        #expect(fine.contains { if case .liquidityAdded = $0 { true } else { false } })
    }
}

/// Start-up liquidity from the configuration is checked like a deposit.
@Suite struct PoolSeedingTests {
    static func configuration(pools: [PoolConfiguration]) -> EngineConfiguration {
        EngineConfiguration(
            assets: [AssetConfiguration(symbol: "B", decimals: 0), AssetConfiguration(symbol: "Q", decimals: 0)],
            markets: pools.enumerated().map { index, pool in
                MarketConfiguration(
                    symbol: "M\(index)", baseAsset: 0, quoteAsset: 1, tickSize: 1, lotSize: 1, minQuantity: 1,
                    maxQuantity: 100, priceBandPPM: 0, referencePrice: 0, makerFeePPM: 0, takerFeePPM: 0, pool: pool)
            })
    }

    @Test func negativeOrZeroInitialLiquidityIsAConfigurationError() {
        for pool in [
            PoolConfiguration(feePPM: 0, initialBase: 1_000, initialQuote: -5, owner: 1),
            PoolConfiguration(feePPM: 0, initialBase: 0, initialQuote: 5_000, owner: 1),
        ] {
            #expect(throws: ConfigurationError.self) { try Engine(configuration: Self.configuration(pools: [pool])) }
        }
    }

    @Test func seedsMayNotPassTheAssetCeiling() {
        let huge = PoolConfiguration(feePPM: 0, initialBase: 1_000_000, initialQuote: (1 << 62) - 1, owner: 1)
        #expect(throws: ConfigurationError.self) { try Engine(configuration: Self.configuration(pools: [huge, huge])) }
        #expect(throws: Never.self) { try Engine(configuration: Self.configuration(pools: [huge])) }
    }
}
