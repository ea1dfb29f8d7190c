import Foundation
import Testing

@testable import TandemEngine

/// Holds the fast engine to the reference engine on random perpetual streams (`PerpetualCommandGenerator`), and
/// checks the perpetual invariants on the fast engine's public state after every command.
///
/// After every command: identical events; identical books, balances, positions (size, cost, collateral), marks,
/// vault curves and vault shares; and on the fast engine alone: long open interest equals short (vault
/// included); per collateral asset, balances plus position collateral minus cost (the unrealised PnL at any
/// common price, as the sizes sum to zero) equal deposits minus withdrawals; no balance is negative; no
/// position is liquidatable at the mark; an account flat before and after the command that did not trade in it
/// lost nothing; every accepted perpetual order left its position at or above the initial requirement or
/// reduced its risk (when the mark did not move).
///
/// `TANDEM_PERP_COMMANDS` sets the commands per seed (default 400,000 in release, about 40 s for the four seeds; 2,000 in debug).
@Suite struct PerpetualDifferentialTests {
    static let seeds: [UInt64] = [1, 2, 3, 4]
    static let commandsPerSeed: Int = {
        if let value = ProcessInfo.processInfo.environment["TANDEM_PERP_COMMANDS"], let count = Int(value) {
            return count
        }
        return _isDebugAssertConfiguration() ? 2_000 : 400_000
    }()

    @Test(arguments: seeds)
    func fastEngineMatchesReferenceOnPerpetuals(seed: UInt64) throws {
        var run = try PerpetualDifferentialRun(seed: seed)
        for index in 0..<Self.commandsPerSeed {
            let (command, mismatch) = run.step()
            if let mismatch {
                Issue.record(
                    """
                    seed \(seed), command \(index): \(command)
                    \(mismatch)
                    \(run.firstDifference())
                    fast engine events:
                    \(describe(run.fast.events))
                    reference events:
                    \(describe(run.reference.events))
                    recent commands (oldest first):
                    \(run.recent.map { "  \($0)" }.joined(separator: "\n"))
                    """)
                return
            }
        }
        let counts = run.counts
        print("perpetual differential seed \(seed): \(counts)")
        #expect(counts.liquidations > 0, "seed \(seed): \(counts)")
        #expect(counts.marginCalls > 0, "seed \(seed): \(counts)")
        #expect(counts.poolFills > 0, "seed \(seed): \(counts)")
        for reason in [RejectReason.notPerpetual, .noMarkPrice, .insufficientMargin, .reduceOnlyWouldIncrease] {
            #expect(counts.rejections[reason, default: 0] > 0, "seed \(seed) never produced \(reason.name)")
        }
    }

    private func describe(_ events: [Event]) -> String {
        events.isEmpty ? "  (none)" : events.map { "  \($0)" }.joined(separator: "\n")
    }
}

struct PerpetualCounts: CustomStringConvertible {
    var liquidations = 0
    var deleveraged = 0
    var insurance = 0
    var marginCalls = 0
    var poolFills = 0
    var trades = 0
    var rejections: [RejectReason: Int] = [:]

    var description: String {
        let reasons = rejections.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.name): \($0.value)" }
        return "liquidations \(liquidations), deleveraged \(deleveraged), insurance \(insurance), margin calls "
            + "\(marginCalls), pool fills \(poolFills), trades \(trades), rejections [\(reasons.joined(separator: ", "))]"
    }
}

/// One seed's perpetual stream applied to both engines.
struct PerpetualDifferentialRun {
    let fast: Engine
    let reference: ReferenceEngine
    /// The configuration's perpetual markets, ascending.
    let perpetualMarkets: [Int]
    private var generator: PerpetualCommandGenerator
    private var netDeposits: [Int64]
    private(set) var counts = PerpetualCounts()
    private(set) var recent: [Command] = []
    private var timestamp: UInt64 = 0
    /// `TANDEM_PERP_PROPERTIES_ONLY=1`: check the fast engine's invariants alone, without the comparison (the
    /// reference still steers the generator), to run the properties past a known difference.
    private let propertiesOnly = ProcessInfo.processInfo.environment["TANDEM_PERP_PROPERTIES_ONLY"] == "1"

    init(seed: UInt64, configuration: EngineConfiguration = PerpetualCommandGenerator.configuration) throws {
        fast = try Engine(configuration: configuration)
        perpetualMarkets = configuration.markets.indices.filter { configuration.markets[$0].perpetual != nil }
        reference = ReferenceEngine(configuration: configuration)
        generator = PerpetualCommandGenerator(seed: seed)
        netDeposits = Array(repeating: 0, count: configuration.assets.count)
        for market in configuration.markets {
            guard let pool = market.pool else { continue }
            if market.perpetual != nil {
                netDeposits[market.quoteAsset] += pool.initialQuote
            } else {
                netDeposits[market.baseAsset] += pool.initialBase
                netDeposits[market.quoteAsset] += pool.initialQuote
            }
        }
    }

    mutating func step() -> (command: Command, mismatch: String?) {
        let command = generator.next(reference: reference)
        return (command, apply(command))
    }

    /// Applies one command to both engines and returns what differs or which invariant broke, if anything.
    mutating func apply(_ command: Command) -> String? {
        recent.append(command)
        if recent.count > 12 { recent.removeFirst() }
        timestamp += 1
        let before = fastPositions()
        let quoteBefore = quoteHoldings()
        let marksBefore = perpetualMarkets.map { fast.markPrice(market: $0) }
        fast.apply(command, timestamp: timestamp)
        reference.apply(command, timestamp: timestamp)
        if !propertiesOnly && fast.events != reference.events { return "the events differ" }
        record(command, events: fast.events)
        return (propertiesOnly ? nil : compareState())
            ?? checkInvariants(command, before: before, marksBefore: marksBefore, quoteBefore: quoteBefore)
    }

    /// Per open account, its available and reserved collateral asset plus its collateral in every market.
    private func quoteHoldings() -> [UInt32: Int64] {
        var result: [UInt32: Int64] = [:]
        for account in fast.openAccounts {
            let balance = fast.balance(account: account, asset: PerpetualCommandGenerator.collateral)!
            result[account] = balance.available + balance.reserved
        }
        for (key, position) in fastPositions() { result[key.account, default: 0] += position.collateral }
        return result
    }

    /// The first differing event, side by side.
    func firstDifference() -> String {
        let (a, b) = (fast.events, reference.events)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? "\(a[index])" : "(none)"
            let y = index < b.count ? "\(b[index])" : "(none)"
            if x != y { return "first differing event #\(index):\n  fast:      \(x)\n  reference: \(y)" }
        }
        return "no differing event"
    }

    private mutating func record(_ command: Command, events: [Event]) {
        var rejected = false
        for event in events {
            switch event.body {
            case .rejected(let rejection):
                counts.rejections[rejection.reason, default: 0] += 1
                rejected = true
            case .liquidationStarted: counts.liquidations += 1
            case .deleveraged: counts.deleveraged += 1
            case .insuranceFund: counts.insurance += 1
            case .marginCall: counts.marginCalls += 1
            case .poolFill: counts.poolFills += 1
            case .fill(let fill) where fill.liquidity == .taker: counts.trades += 1
            default: break
            }
        }
        guard !rejected else { return }
        switch command {
        case .deposit(let transfer): netDeposits[transfer.asset] += transfer.amount
        case .withdraw(let transfer): netDeposits[transfer.asset] -= transfer.amount
        default: break
        }
    }

    private func fastPositions() -> [PositionKey: PerpetualPosition] {
        var result: [PositionKey: PerpetualPosition] = [:]
        for market in perpetualMarkets {
            for position in fast.positions(market: market) {
                result[PositionKey(account: position.account, market: market)] = position
            }
        }
        return result
    }

    private func compareState() -> String? {
        let configuration = fast.configuration
        for market in configuration.markets.indices {
            for side in Side.allCases {
                let a = fast.restingOrders(market: market, side: side)
                let b = reference.restingOrders(market: market, side: side)
                if a != b { return "market \(market) \(side) resting orders differ:\n  fast: \(a)\n  reference: \(b)" }
            }
            if fast.lastTradePrice(market: market) != reference.lastTradePrice(market: market) {
                return "market \(market): last trade \(fast.lastTradePrice(market: market)) vs "
                    + "\(reference.lastTradePrice(market: market))"
            }
        }
        if fast.openAccounts != reference.openAccounts {
            return "open accounts differ: fast \(fast.openAccounts), reference \(reference.openAccounts)"
        }
        for account in reference.openAccounts {
            for asset in configuration.assets.indices {
                let a = fast.balance(account: account, asset: asset)
                let b = reference.balance(account: account, asset: asset)
                if a != b {
                    return
                        "account \(account) asset \(asset): fast \(String(describing: a)), reference \(String(describing: b))"
                }
            }
        }
        for market in perpetualMarkets {
            let rules = configuration.markets[market]
            let a = fast.positions(market: market).map { [Int64($0.account), $0.size, $0.cost, $0.collateral] }
            let b = reference.positions(market: market).map {
                [Int64($0.account), $0.position.size * rules.lotSize, $0.position.cost, $0.position.collateral]
            }
            if a != b {
                return
                    "market \(market) positions [account, size, cost, collateral] differ:\n  fast: \(a)\n  reference: \(b)"
            }
            if fast.markPrice(market: market) != reference.markPrice(market: market) {
                return "market \(market): mark \(String(describing: fast.markPrice(market: market))) vs "
                    + "\(reference.markPrice(market: market))"
            }
            if let pool = reference.pool(market: market) {
                guard let fastPool = fast.pool(market: market) else {
                    return "market \(market): no pool in the fast engine"
                }
                if fastPool.curve.base != pool.base || fastPool.curve.quote != pool.quote {
                    return "market \(market) curve: fast (\(fastPool.curve.base), \(fastPool.curve.quote)), reference "
                        + "(\(pool.base), \(pool.quote))"
                }
                for account in reference.openAccounts {
                    let shares = fast.vaultShares(account: account, market: market)
                    let expected = (
                        reference.vaultShares(account: account, market: market),
                        reference.totalVaultShares(market: market)
                    )
                    if shares?.shares != expected.0 || shares?.total != expected.1 {
                        return
                            "market \(market) account \(account) vault shares: fast \(String(describing: shares)), reference \(expected)"
                    }
                }
            }
        }
        return nil
    }

    private func checkInvariants(
        _ command: Command, before: [PositionKey: PerpetualPosition], marksBefore: [Int64?],
        quoteBefore: [UInt32: Int64]
    ) -> String? {
        let configuration = fast.configuration
        let after = fastPositions()
        var totals = Array(repeating: Int128(0), count: configuration.assets.count)
        for account in fast.openAccounts {
            for asset in configuration.assets.indices {
                let balance = fast.balance(account: account, asset: asset)!
                if balance.available < 0 || balance.reserved < 0 {
                    return "account \(account) asset \(asset) negative: \(balance)"
                }
                totals[asset] += Int128(balance.available) + Int128(balance.reserved)
            }
        }
        for market in perpetualMarkets {
            let positions = fast.positions(market: market)
            let quote = configuration.markets[market].quoteAsset
            let openInterest = positions.reduce(Int64(0)) { $0 + $1.size }
            if openInterest != 0 { return "market \(market): long and short open interest differ by \(openInterest)" }
            for position in positions {
                totals[quote] += Int128(position.collateral) - Int128(position.cost)
                if position.maintenanceRequirement > 0 && position.equity < position.maintenanceRequirement {
                    return
                        "market \(market): account \(position.account) liquidatable at the mark after the command: \(position)"
                }
            }
        }
        for market in configuration.markets.indices where configuration.markets[market].perpetual == nil {
            guard let pool = fast.pool(market: market) else { continue }
            totals[configuration.markets[market].baseAsset] += Int128(pool.curve.base + pool.heldFeeBase)
            totals[configuration.markets[market].quoteAsset] += Int128(pool.curve.quote + pool.heldFeeQuote)
        }
        if totals != netDeposits.map({ Int128($0) }) {
            return "conservation: balances + collateral - cost = \(totals), deposits - withdrawals = \(netDeposits)"
        }
        return checkNobodyFlatCharged(command, before: before, after: after, quoteBefore: quoteBefore)
            ?? checkAcceptedOrders(before: before, after: after, marksBefore: marksBefore)
    }

    /// An account flat in every perpetual market before and after, that neither sent the command nor traded in
    /// it, holds no less of the collateral asset (balance plus collateral) than before: liquidations and
    /// deleveraging never charge it. Deleveraging only meets accounts that held a position.
    private func checkNobodyFlatCharged(
        _ command: Command, before: [PositionKey: PerpetualPosition], after: [PositionKey: PerpetualPosition],
        quoteBefore: [UInt32: Int64]
    ) -> String? {
        var traded: Set<UInt32> = [
            command.account, fast.configuration.feeAccount, fast.configuration.insuranceFundAccount,
            PerpetualCommandGenerator.vault,
        ]
        for event in fast.events {
            switch event.body {
            case .fill(let fill): traded.insert(fill.account)
            case .poolFill(let fill): traded.insert(fill.account)
            case .deleveraged(let d):
                // Each side reduces a position it held: before the trade it was on the other side of its trade.
                let sizeBefore = d.side == .buy ? d.size - d.quantity : d.size + d.quantity
                if d.side == .buy ? sizeBefore >= 0 : sizeBefore <= 0 {
                    return "deleveraged an account without a position on that side: \(d)"
                }
            default: break
            }
        }
        let quoteAfter = quoteHoldings()
        for account in fast.openAccounts where !traded.contains(account) {
            let flat = perpetualMarkets.allSatisfy { market in
                let key = PositionKey(account: account, market: market)
                return (before[key]?.size ?? 0) == 0 && (after[key]?.size ?? 0) == 0
            }
            if flat, let old = quoteBefore[account], let new = quoteAfter[account], new < old {
                return "account \(account), flat, lost \(old - new) of the collateral asset"
            }
        }
        return nil
    }

    /// Every accepted perpetual order (no liquidation or call of its account in the command, the mark unmoved)
    /// left `equity >= IMR`, or did not raise IMR or MMR and left `equity >= 0`.
    private func checkAcceptedOrders(
        before: [PositionKey: PerpetualPosition], after: [PositionKey: PerpetualPosition], marksBefore: [Int64?]
    ) -> String? {
        var accepted: [PositionKey] = []
        var disturbed: Set<UInt32> = []
        for event in fast.events {
            switch event.body {
            case .accepted(let order) where fast.isPerpetual(market: order.market):
                accepted.append(PositionKey(account: order.account, market: order.market))
            case .liquidationStarted(let l): disturbed.insert(l.account)
            case .marginCall(let c): disturbed.insert(c.account)
            case .fill(let fill) where fill.liquidity == .maker: disturbed.insert(fill.account)
            // Deleveraging after the order's own walk closes a position at the bankruptcy price, not the mark.
            case .deleveraged(let deleveraged): disturbed.insert(deleveraged.account)
            default: break
            }
        }
        for key in accepted where !disturbed.contains(key.account) {
            let index = perpetualMarkets.firstIndex(of: key.market)!
            guard fast.markPrice(market: key.market) == marksBefore[index] else { continue }
            guard let new = fast.position(account: key.account, market: key.market) else { continue }
            let old =
                before[key] ?? fast.position(account: key.account, market: key.market).map {
                    PerpetualPosition(
                        account: $0.account, market: $0.market, size: 0, cost: 0, collateral: 0, bids: 0, asks: 0,
                        equity: 0, initialRequirement: 0, maintenanceRequirement: 0)
                }!
            let meetsInitial = new.equity >= new.initialRequirement
            let reduced =
                new.initialRequirement <= old.initialRequirement
                && new.maintenanceRequirement <= old.maintenanceRequirement
                && new.equity >= 0
            if !meetsInitial && !reduced && (new.size != 0 || new.bids != 0 || new.asks != 0) {
                return
                    "accepted order left account \(key.account) market \(key.market) below the initial rule: \(old) -> \(new)"
            }
        }
        return nil
    }
}

/// Shrinks a failing perpetual stream to a short reproduction: `TANDEM_PERP_MINIMIZE=seed:commands` replays the
/// seed's first `commands` commands and drops commands one at a time (and then the funding deposits) while the
/// run still fails with the same kind of mismatch, then prints what is left. Off unless the variable is set.
@Suite struct PerpetualReproMinimizer {
    @Test func minimize() throws {
        guard let spec = ProcessInfo.processInfo.environment["TANDEM_PERP_MINIMIZE"] else { return }
        let parts = spec.split(separator: ":").compactMap { UInt64($0) }
        guard parts.count == 2 else { return }
        var run = try PerpetualDifferentialRun(seed: parts[0])
        var commands: [Command] = []
        for _ in 0..<parts[1] { commands.append(run.step().command) }
        func failure(_ commands: [Command]) throws -> String? {
            var run = try PerpetualDifferentialRun(seed: 0)
            for command in commands {
                if let mismatch = run.apply(command) { return mismatch.split(separator: ":").first.map(String.init) }
            }
            return nil
        }
        guard let original = try failure(commands) else {
            print("minimizer: seed \(parts[0]) does not fail within \(parts[1]) commands")
            return
        }
        var index = commands.count - 2
        while index >= 0 {
            var shorter = commands
            shorter.remove(at: index)
            if try failure(shorter) == original { commands = shorter }
            index -= 1
        }
        print("minimizer: \(commands.count) commands fail with '\(original)':")
        for command in commands { print("  \(command)") }
    }
}
