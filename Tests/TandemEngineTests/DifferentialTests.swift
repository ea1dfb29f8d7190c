import TandemAMM
import Testing

@testable import TandemEngine

/// Holds the fast engine to the reference engine on long random command streams.
///
/// After every command: identical events, identical books (so identical FIFO order), no crossed book, identical
/// balances of every open account, no negative balance, identical pools (reserves, shares, held LP fees and
/// every position), a combined book the pool would not trade a lot with, every pool fill within its taker's
/// limit, and per asset the sum of all balances, pool reserves and held LP fees equal to the deposits (initial
/// pool liquidity included) minus the withdrawals accepted so far. Every 64th command also the aggregated
/// levels and the merged book-and-pool depth, against the reference engine's own computation of it.
@Suite struct DifferentialTests {
    static let seeds: [UInt64] = [1, 2, 3, 42, 7_777, 0x5EED, 0xDEAD_BEEF, 123_456_789]
    /// 8 seeds of 128,000 commands: 1,024,000 commands in release; a short run in debug builds.
    static let commandsPerSeed = _isDebugAssertConfiguration() ? 6_000 : 128_000

    @Test(arguments: seeds)
    func fastEngineMatchesReference(seed: UInt64) throws {
        var run = try DifferentialRun(seed: seed)
        for index in 0..<Self.commandsPerSeed {
            let (command, mismatch) = run.step()
            if let mismatch {
                Issue.record(
                    """
                    seed \(seed), command \(index): \(command)
                    \(mismatch)
                    fast engine events:
                    \(describe(run.fast.events))
                    reference events:
                    \(describe(run.reference.events))
                    """)
                return
            }
        }
        // The stream must have exercised every outcome, or the comparison proves less than it claims.
        // The perpetual-only reasons are PerpetualDifferentialTests' to produce: this stream has no perpetual market.
        let perpetualOnly: Set<RejectReason> = [
            .notPerpetual, .noMarkPrice, .insufficientMargin, .reduceOnlyWouldIncrease,
        ]
        for reason in RejectReason.allCases where !perpetualOnly.contains(reason) {
            #expect(run.rejections.contains(reason), "seed \(seed) never produced \(reason.name)")
        }
        for reason in CancelReason.allCases where reason != .marginCall && reason != .liquidation {
            #expect(run.cancellations.contains(reason), "seed \(seed) never produced \(reason.name)")
        }
        #expect(run.trades > Self.commandsPerSeed / 10, "seed \(seed): only \(run.trades) trades")
        for (market, configuration) in CommandGenerator.configuration.markets.enumerated() {
            let fills = run.poolFills[market]
            #expect((configuration.pool == nil) == (fills == 0), "seed \(seed): pool fills \(run.poolFills)")
            #expect(configuration.pool == nil || fills > Self.commandsPerSeed / 200, "seed \(seed): \(run.poolFills)")
        }
        #expect(run.liquidityChanges > Self.commandsPerSeed / 100, "seed \(seed): \(run.liquidityChanges) adds/removes")
    }

    private func describe(_ events: [Event]) -> String {
        events.isEmpty ? "  (none)" : events.map { "  \($0)" }.joined(separator: "\n")
    }
}

/// One seed's stream applied to both engines, with the bookkeeping the invariants need.
private struct DifferentialRun {
    let fast: Engine
    let reference: ReferenceEngine
    private var generator: CommandGenerator
    private var clock: SplitMix64
    private var timestamp: UInt64 = 0
    /// Deposits (initial pool liquidity included) minus withdrawals accepted so far, per asset.
    private var netDeposits: [Int64]
    private(set) var rejections: Set<RejectReason> = []
    private(set) var cancellations: Set<CancelReason> = []
    private(set) var trades = 0
    /// Per market, the pool fills so far.
    private(set) var poolFills: [Int]
    /// Accepted adds and removals of liquidity.
    private(set) var liquidityChanges = 0
    private var commandCount = 0

    init(seed: UInt64) throws {
        let configuration = CommandGenerator.configuration
        fast = try Engine(configuration: configuration)
        reference = ReferenceEngine(configuration: configuration)
        generator = CommandGenerator(seed: seed)
        clock = SplitMix64(seed: ~seed)
        netDeposits = Array(repeating: 0, count: configuration.assets.count)
        for market in configuration.markets {
            guard let pool = market.pool else { continue }
            netDeposits[market.baseAsset] += pool.initialBase
            netDeposits[market.quoteAsset] += pool.initialQuote
        }
        poolFills = Array(repeating: 0, count: configuration.markets.count)
    }

    /// Applies the next command to both engines; returns it with what differs, if anything.
    mutating func step() -> (command: Command, mismatch: String?) {
        let command = generator.next(reference: reference)
        // Logical time may stand still between commands.
        timestamp += UInt64(clock.int(0...2))
        fast.apply(command, timestamp: timestamp)
        reference.apply(command, timestamp: timestamp)
        commandCount += 1
        if fast.events != reference.events { return (command, "the events differ") }
        record(command, events: reference.events)
        // Books: every market, every 64th command also the aggregated levels and the depth.
        let everyLevel = commandCount % 64 == 0
        let mismatch =
            compareBooks(levelsToo: everyLevel) ?? comparePools() ?? (everyLevel ? compareDepth() : nil)
            ?? checkPoolFills(reference.events) ?? compareBalances()
        return (command, mismatch)
    }

    private mutating func record(_ command: Command, events: [Event]) {
        var wasRejected = false
        for event in events {
            switch event.body {
            case .rejected(let rejection):
                rejections.insert(rejection.reason)
                wasRejected = true
            case .canceled(let cancel): cancellations.insert(cancel.reason)
            case .fill(let fill) where fill.liquidity == .taker: trades += 1
            case .poolFill(let fill): poolFills[fill.market] += 1
            case .liquidityAdded, .liquidityRemoved: liquidityChanges += 1
            default: break
            }
        }
        guard !wasRejected else { return }
        switch command {
        case .deposit(let transfer): netDeposits[transfer.asset] += transfer.amount
        case .withdraw(let transfer): netDeposits[transfer.asset] -= transfer.amount
        default: break
        }
    }

    private func compareBooks(levelsToo: Bool) -> String? {
        for market in fast.configuration.markets.indices {
            for side in Side.allCases {
                let fastOrders = fast.restingOrders(market: market, side: side)
                let referenceOrders = reference.restingOrders(market: market, side: side)
                if fastOrders != referenceOrders {
                    return "market \(market) \(side) resting orders differ:\n  fast: \(fastOrders)\n  "
                        + "reference: \(referenceOrders)"
                }
                if levelsToo {
                    let fastLevels = fast.bookLevels(market: market, side: side)
                    let referenceLevels = reference.bookLevels(market: market, side: side)
                    if fastLevels != referenceLevels {
                        return "market \(market) \(side) levels differ:\n  fast: \(fastLevels)\n  "
                            + "reference: \(referenceLevels)"
                    }
                    if fast.levelCount(market: market, side: side) != referenceLevels.count {
                        return "market \(market) \(side): levelCount \(fast.levelCount(market: market, side: side))"
                            + " but \(referenceLevels.count) levels"
                    }
                }
            }
            if let bid = fast.bookLevels(market: market, side: .buy, limit: 1).first,
                let ask = fast.bookLevels(market: market, side: .sell, limit: 1).first, bid.price >= ask.price
            {
                return "market \(market) is crossed: best bid \(bid.price), best ask \(ask.price)"
            }
            if fast.restingOrderCount(market: market) != reference.restingOrderCount(market: market) {
                return "market \(market): restingOrderCount \(fast.restingOrderCount(market: market)), reference "
                    + "\(reference.restingOrderCount(market: market))"
            }
            if fast.lastTradePrice(market: market) != reference.lastTradePrice(market: market) {
                return "market \(market): lastTradePrice \(fast.lastTradePrice(market: market)), reference "
                    + "\(reference.lastTradePrice(market: market))"
            }
        }
        return nil
    }

    /// Reserves, shares, held fees and positions; then the combined book is uncrossed.
    private func comparePools() -> String? {
        for market in fast.configuration.markets.indices {
            let fastPool = fast.pool(market: market)
            guard let referencePool = reference.pool(market: market) else {
                if fastPool != nil { return "market \(market) has a pool only in the fast engine" }
                continue
            }
            guard let fastPool else { return "market \(market) has a pool only in the reference engine" }
            let fastState = PoolState(
                base: fastPool.curve.base, quote: fastPool.curve.quote, totalShares: fastPool.totalShares,
                heldFeeBase: fastPool.heldFeeBase, heldFeeQuote: fastPool.heldFeeQuote,
                positions: fastPool.positions.filter { $0.shares > 0 }.map { [Int64($0.account), $0.shares] })
            let referenceState = PoolState(
                base: referencePool.base, quote: referencePool.quote, totalShares: referencePool.totalShares,
                heldFeeBase: referencePool.heldFeeBase, heldFeeQuote: referencePool.heldFeeQuote,
                positions: referencePool.positions.filter { $0.shares > 0 }.map { [Int64($0.account), $0.shares] })
            if fastState != referenceState {
                return "market \(market) pools differ:\n  fast: \(fastState)\n  reference: \(referenceState)"
            }
            for account in reference.openAccounts
            where fastPool.shares(of: account) != referencePool.shares(of: account) {
                return "market \(market): account \(account) holds \(fastPool.shares(of: account)) shares, "
                    + "reference \(referencePool.shares(of: account))"
            }
            if reference.poolCrossesBook(market: market) {
                return "market \(market): the pool would trade a lot with the best resting order"
            }
        }
        return nil
    }

    /// The merged depth of every market, in full and cut to three prices.
    private func compareDepth() -> String? {
        for market in fast.configuration.markets.indices {
            for side in Side.allCases {
                for limit in [3, Int.max] {
                    let fastDepth = fast.depth(market: market, side: side, limit: limit)
                    let referenceDepth = reference.depth(market: market, side: side, limit: limit)
                    if fastDepth != referenceDepth {
                        return "market \(market) \(side) depth (limit \(limit)) differs:\n  fast: \(fastDepth)\n  "
                            + "reference: \(referenceDepth)"
                    }
                }
            }
        }
        return nil
    }

    /// Every pool fill within its taker's limit (the price it was accepted or replaced at): a buyer pays at
    /// most the limit per lot, a seller gets at least it, and the fill's average price respects it.
    private func checkPoolFills(_ events: [Event]) -> String? {
        var limits: [UInt64: Int64] = [:]
        for event in events {
            switch event.body {
            case .accepted(let order): limits[order.orderId] = order.price
            case .replaced(let replace): limits[replace.orderId] = replace.price
            case .poolFill(let fill):
                guard let limit = limits[fill.orderId] else { return "pool fill of an order not taking: \(fill)" }
                let market = fast.configuration.markets[fill.market]
                let decimals = fast.configuration.assets[market.baseAsset].decimals
                let unit = (0..<decimals).reduce(Int64(1)) { value, _ in value * 10 }
                let limitValue = Int128(fill.quantity) * Int128(limit) / Int128(unit)
                let within =
                    fill.side == .buy
                    ? Int128(fill.quoteAmount) <= limitValue && fill.price <= limit
                    : Int128(fill.quoteAmount) >= limitValue && fill.price >= limit
                if !within || fill.quantity <= 0 || fill.quantity % market.lotSize != 0 {
                    return "pool fill outside its taker's limit \(limit): \(fill)"
                }
            default: break
            }
        }
        return nil
    }

    private func compareBalances() -> String? {
        if fast.openAccounts != reference.openAccounts {
            return "open accounts differ: fast \(fast.openAccounts), reference \(reference.openAccounts)"
        }
        var totals = Array(repeating: Int64(0), count: netDeposits.count)
        for account in reference.openAccounts {
            for asset in totals.indices {
                let fastBalance = fast.balance(account: account, asset: asset)
                let referenceBalance = reference.balance(account: account, asset: asset)
                guard let fastBalance, fastBalance == referenceBalance else {
                    return "account \(account) asset \(asset): fast \(String(describing: fastBalance)), "
                        + "reference \(String(describing: referenceBalance))"
                }
                if fastBalance.available < 0 || fastBalance.reserved < 0 {
                    return "account \(account) asset \(asset) is negative: \(fastBalance)"
                }
                totals[asset] += fastBalance.available + fastBalance.reserved
            }
        }
        for (market, configuration) in fast.configuration.markets.enumerated() {
            guard let pool = fast.pool(market: market) else { continue }
            totals[configuration.baseAsset] += pool.curve.base + pool.heldFeeBase
            totals[configuration.quoteAsset] += pool.curve.quote + pool.heldFeeQuote
        }
        if totals != netDeposits {
            return "balances, reserves and held fees sum to \(totals) per asset, but deposits minus withdrawals "
                + "are \(netDeposits)"
        }
        return nil
    }
}

/// What the differential test compares of a pool; positions as (account, shares), those holding shares only.
private struct PoolState: Equatable {
    var base: Int64
    var quote: Int64
    var totalShares: Int64
    var heldFeeBase: Int64
    var heldFeeQuote: Int64
    var positions: [[Int64]]
}
