import Testing
import TandemAMM

@testable import TandemEngine

/// Random order streams against a market with a pool: the invariants of the combined book.
@Suite struct HybridPropertyTests {
    /// A small deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64

        mutating func next(_ range: ClosedRange<Int64>) -> Int64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            return range.lowerBound + Int64(mixed % UInt64(range.upperBound - range.lowerBound + 1))
        }
    }

    static func randomCommand(_ random: inout Random, id: UInt64) -> Command {
        let account = UInt32(random.next(1...4))
        let side: Side = random.next(0...1) == 0 ? .buy : .sell
        let price = random.next(90...110)
        let quantity = random.next(1...30) * 100
        switch random.next(0...19) {
        case 0:
            return .addLiquidity(
                AddLiquidity(account: account, market: 0, maxBase: random.next(1...50) * 100, maxQuote: random.next(1_000...500_000)))
        case 1:
            return .removeLiquidity(RemoveLiquidity(account: account, market: 0, shares: random.next(1...5_000)))
        case 2, 3:
            return .cancel(CancelOrder(account: account, order: .clientOrderId(UInt64(random.next(1...Int64(id))))))
        case 4, 5:
            return .replace(
                ReplaceOrder(account: account, order: .clientOrderId(UInt64(random.next(1...Int64(id)))), price: price))
        case 6:
            return .newOrder(
                NewOrder(account: account, market: 0, clientOrderId: id, side: side, type: .market,
                    timeInForce: .ioc, price: 0, quantity: quantity))
        default:
            let timeInForce: TimeInForce = [.gtc, .gtc, .gtc, .ioc, .fok][Int(random.next(0...4))]
            return .newOrder(
                NewOrder(account: account, market: 0, clientOrderId: id, side: side, timeInForce: timeInForce,
                    postOnly: timeInForce == .gtc && random.next(0...5) == 0, price: price, quantity: quantity))
        }
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func invariantsHoldAfterEveryCommand(seed: UInt64) throws {
        let fixture = try HybridFixture(
            poolBase: 200_000, poolQuote: 20_000_000, poolFeePPM: 3_000, takerFeePPM: 400, lotSize: 100)
        let deposited = (fixture.heldTotal(HybridFixture.base), fixture.heldTotal(HybridFixture.quote))
        var random = Random(state: seed)
        for id in 1...5_000 as ClosedRange<UInt64> {
            let command = Self.randomCommand(&random, id: id)
            let before = UInt128(fixture.curve.base) * UInt128(fixture.curve.quote)
            let events = fixture.apply(command)
            let after = UInt128(fixture.curve.base) * UInt128(fixture.curve.quote)
            let isLiquidity = events.contains {
                switch $0 {
                case .liquidityAdded, .liquidityRemoved: true
                default: false
                }
            }
            #expect(isLiquidity || after >= before, "k fell at command \(id): \(command)")
            #expect(fixture.curve.base > 0 && fixture.curve.quote > 0)
            #expect(!fixture.isCrossed, "crossed after command \(id): \(command)")
            #expect((fixture.heldTotal(HybridFixture.base), fixture.heldTotal(HybridFixture.quote)) == deposited)
            Self.checkPoolFillsWithinLimit(command, events, engine: fixture.engine)
            if let bid = fixture.engine.bookLevels(market: 0, side: .buy, limit: 1).first,
                let ask = fixture.engine.bookLevels(market: 0, side: .sell, limit: 1).first
            {
                #expect(bid.price < ask.price)
            }
        }
    }

    /// No pool chunk costs more (a buy) or pays less (a sell) than the taker's limit, lot for lot.
    static func checkPoolFillsWithinLimit(_ command: Command, _ events: [EventBody], engine: Engine) {
        var limit: Int64?
        for event in events {
            switch event {
            case .accepted(let accepted): limit = accepted.price
            case .replaced(let replaced): limit = replaced.price
            case .poolFill(let fill):
                guard let limit else {
                    Issue.record("a pool fill without an order price: \(command)")
                    return
                }
                if fill.side == .buy {
                    #expect(fill.quoteAmount <= limit * fill.quantity)
                } else {
                    #expect(fill.quoteAmount >= limit * fill.quantity)
                }
            default: break
            }
        }
    }

    /// On small books, the greedy walk costs no more than the best split between one pool swap and the
    /// cheapest book lots, found by brute force; each pool chunk may add rounding of up to 2 units.
    @Test func theTakerPaysNoMoreThanTheBestSplit() throws {
        var random = Random(state: 99)
        for _ in 0..<300 {
            let poolBase = random.next(2_000...20_000)
            let poolQuote = poolBase * random.next(90...110)
            let fixture = try HybridFixture(
                poolBase: poolBase, poolQuote: poolQuote, poolFeePPM: random.next(0...5_000))
            for id in 1...random.next(1...4) {
                fixture.order(1, .sell, random.next(98...115), random.next(1...40), id: UInt64(id))
            }
            // An ask below the pool's bid sold into the pool first: read the book and pool as they are now.
            let asks = fixture.engine.bookLevels(market: 0, side: .sell)
            let pool = fixture.curve
            let wanted = random.next(1...150)
            let events = fixture.order(2, .buy, 130, wanted, id: 1, timeInForce: .ioc)
            var paid: Int64 = 0
            var filled: Int64 = 0
            var chunks: Int64 = 0
            for event in events {
                if let fill = event.poolFill {
                    paid += fill.quoteAmount
                    filled += fill.quantity
                    chunks += 1
                } else if let fill = event.bookFill, fill.liquidity == .taker {
                    paid += fill.price * fill.quantity
                    filled += fill.quantity
                }
            }
            let bookPrices = asks.flatMap { Array(repeating: $0.price, count: Int($0.quantity)) }
            var best = Int64.max
            for fromPool in 0...filled {
                let fromBook = Int(filled - fromPool)
                guard fromBook <= bookPrices.count else { continue }
                let poolCost = fromPool == 0 ? 0 : pool.buyCost(lots: fromPool).map { $0.netIn + $0.fee }
                guard let poolCost else { continue }
                best = min(best, poolCost + bookPrices.prefix(fromBook).reduce(0, +))
            }
            #expect(paid <= best + 2 * chunks, "paid \(paid), best split \(best), chunks \(chunks)")
        }
    }

    /// Sending the same quantity as several orders never does better than one order, beyond rounding.
    @Test func splittingAnOrderDoesNotBeatOneOrder() throws {
        var random = Random(state: 7)
        for _ in 0..<200 {
            let asks = (1...3).map { _ in (price: random.next(100...108), quantity: random.next(1...30)) }
            let fee = random.next(0...5_000)
            let whole = try HybridFixture(poolBase: 5_000, poolQuote: 500_000, poolFeePPM: fee)
            let split = try HybridFixture(poolBase: 5_000, poolQuote: 500_000, poolFeePPM: fee)
            for (id, ask) in asks.enumerated() {
                whole.order(1, .sell, ask.price, ask.quantity, id: UInt64(id + 1))
                split.order(1, .sell, ask.price, ask.quantity, id: UInt64(id + 1))
            }
            let quantity = random.next(10...120)
            let oneOrder = Self.spent(whole.order(2, .buy, 110, quantity, id: 1, timeInForce: .ioc))
            var pieces = (paid: Int64(0), filled: Int64(0), chunks: Int64(0))
            var left = quantity
            var id: UInt64 = 1
            while left > 0 {
                let piece = min(left, random.next(1...30))
                let spent = Self.spent(split.order(2, .buy, 110, piece, id: id, timeInForce: .ioc))
                pieces = (pieces.paid + spent.paid, pieces.filled + spent.filled, pieces.chunks + spent.chunks)
                left -= piece
                id += 1
            }
            #expect(pieces.filled <= oneOrder.filled)
            if pieces.filled == oneOrder.filled {
                #expect(pieces.paid + 2 * (pieces.chunks + oneOrder.chunks) >= oneOrder.paid)
            }
        }
    }

    static func spent(_ events: [EventBody]) -> (paid: Int64, filled: Int64, chunks: Int64) {
        var result = (paid: Int64(0), filled: Int64(0), chunks: Int64(0))
        for event in events {
            if let fill = event.poolFill {
                result = (result.paid + fill.quoteAmount, result.filled + fill.quantity, result.chunks + 1)
            } else if let fill = event.bookFill, fill.liquidity == .taker {
                result = (result.paid + fill.price * fill.quantity, result.filled + fill.quantity, result.chunks)
            }
        }
        return result
    }
}

/// The cached reach of a pool agrees with the exact first-lot predicates it stands for.
@Suite struct PoolReachTests {
    @Test func reachMatchesALinearScan() throws {
        var random = HybridPropertyTests.Random(state: 5)
        for _ in 0..<300 {
            let lotSize = random.next(1...50)
            let fixture = try HybridFixture(
                poolBase: random.next(100...20_000) * lotSize, poolQuote: random.next(10_000...3_000_000),
                poolFeePPM: random.next(0...50_000), lotSize: lotSize)
            let curve = fixture.curve
            let reach = fixture.engine.poolReach[0]
            for ticks in 1...2_000 as ClosedRange<Int64> {
                let price = ticks * lotSize
                #expect(
                    reach.reaches(side: .buy, ticks: ticks)
                        == curve.buyLotQualifies(1, pricePerLot: price, inclusive: true))
                #expect(
                    reach.reaches(side: .sell, ticks: ticks)
                        == curve.sellLotQualifies(1, pricePerLot: price, inclusive: true))
            }
        }
    }

    @Test func firstTrueFindsTheBoundaryFromAnyGuess() {
        for boundary in [1, 2, 7, 500, 1_000, 1_001] as [Int64] {
            for guess in [1, 3, 499, 500, 501, 1_000] as [Int64] {
                #expect(PoolReach.firstTrue(from: guess, limit: 1_001) { $0 >= boundary } == boundary)
            }
        }
    }
}
