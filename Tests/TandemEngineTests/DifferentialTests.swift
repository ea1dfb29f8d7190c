import Testing

@testable import TandemEngine

/// Holds the fast engine to the reference engine on long random command streams.
///
/// After every command: identical events, identical books (so identical FIFO order), no crossed book, identical
/// balances of every open account, no negative balance, and per asset the sum of all balances equal to the
/// deposits minus the withdrawals accepted so far.
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
        for reason in RejectReason.allCases {
            #expect(run.rejections.contains(reason), "seed \(seed) never produced \(reason.name)")
        }
        for reason in CancelReason.allCases {
            #expect(run.cancellations.contains(reason), "seed \(seed) never produced \(reason.name)")
        }
        #expect(run.trades > Self.commandsPerSeed / 10, "seed \(seed): only \(run.trades) trades")
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
    /// Deposits minus withdrawals accepted so far, per asset.
    private var netDeposits: [Int64]
    private(set) var rejections: Set<RejectReason> = []
    private(set) var cancellations: Set<CancelReason> = []
    private(set) var trades = 0
    private var commandCount = 0

    init(seed: UInt64) throws {
        let configuration = CommandGenerator.configuration
        fast = try Engine(configuration: configuration)
        reference = ReferenceEngine(configuration: configuration)
        generator = CommandGenerator(seed: seed)
        clock = SplitMix64(seed: ~seed)
        netDeposits = Array(repeating: 0, count: configuration.assets.count)
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
        // Books: every market, every 64th command also the aggregated levels.
        return (command, compareBooks(levelsToo: commandCount % 64 == 0) ?? compareBalances())
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
        if totals != netDeposits {
            return "balances sum to \(totals) per asset, but deposits minus withdrawals are \(netDeposits)"
        }
        return nil
    }
}
