import TandemEngine

/// Rebuilds exchange-core's published benchmark mix (BRIEF section 3) command by command.
///
/// Each command depends on the book it meets (which orders are live, the last trade price), so the generator
/// runs every command through its own engine and follows the events: an accepted order becomes live, a fill or
/// cancel that leaves nothing removes it, a replace sets its current price, a trade sets the last trade price.
/// With a pool, its fills are trades like any other: they set the last trade price and can fill a taker.
struct EC2018Generator {
    static let users = 1_000
    static let startPrice: Int64 = 100_000
    static let priceFloor: Int64 = 50_000
    static let priceCeiling: Int64 = 150_000
    static let deviation = 5_000
    static let targetOrders = 1_000
    /// How often the resting order count L and the book statistics are refreshed, in commands.
    static let refreshInterval = 1_024
    /// Each user's deposits: far more than its orders can ever reserve, so no order fails for money.
    static let userBase: Int64 = 1_000_000_000
    static let userQuote: Int64 = 1_000_000_000_000
    /// Order storage allocated up front: the book holds about 1,000 orders (at most 1,170 in our runs:
    /// `max_resting_orders`), so the engine never grows its storage during the run.
    static let orderCapacity = 4_096

    private let moveBase: MoveBase
    private let pool: BenchmarkPool?
    private let baseDecimals: Int
    private let perpetual: Bool
    /// Base minor units per lot (one whole base unit): quantities are lots times this.
    private let lotSize: Int64
    private var random: RandomSource
    private var live = LiveOrderSet()
    /// Per order id (index 0 unused): the owner, the price it was placed at and its current price.
    private var owners: [UInt32] = [0]
    private var originalPrices: [Int64] = [0]
    private var currentPrices: [Int64] = [0]
    private var nextOrderId = 1
    /// Each user numbers its own orders, as a bot's session does (index 0 unused).
    private var nextClientOrderIds = [UInt64](repeating: 1, count: users + 1)
    private var lastTrade = startPrice
    /// +1 after a trade at the floor, -1 after one at the ceiling: tilts new orders back into the range.
    private var direction = 0
    /// The resting order count L, as of its last refresh.
    private var restingOrders = 0
    private var mix = EC2018Mix()

    /// A generator for a market whose base asset has `baseDecimals` decimals, with `pool` if given.
    init(seed: UInt64, moveBase: MoveBase, pool: BenchmarkPool?, baseDecimals: Int, perpetual: Bool = false) {
        self.moveBase = moveBase
        self.perpetual = perpetual
        self.pool = pool
        self.baseDecimals = baseDecimals
        lotSize = BenchmarkMarket.lotSize(baseDecimals: baseDecimals)
        random = RandomSource(seed: seed)
        mix.lotSize = lotSize
        mix.lowestLastTrade = Self.startPrice
        mix.highestLastTrade = Self.startPrice
    }

    /// The pool's owner: an account of its own, after the users.
    static var poolOwner: UInt32 { UInt32(users + 1) }

    /// A perpetual market's vault: the account after the pool's owner.
    static var vaultAccount: UInt32 { UInt32(users + 2) }

    /// Generates `count` timed commands after the users' deposits.
    mutating func generate(count: Int) throws -> EC2018Workload {
        let configuration = BenchmarkMarket.configuration(
            referencePrice: Self.startPrice, accounts: Self.users, orderCapacity: Self.orderCapacity,
            baseDecimals: baseDecimals, pool: pool?.configuration(price: Self.startPrice, lotSize: lotSize),
            perpetual: perpetual ? BenchmarkMarket.perpetual(vaultAccount: Self.vaultAccount) : nil)
        let setup = BenchmarkMarket.funding(
            accounts: 1...UInt32(Self.users), base: Self.userBase * lotSize, quote: Self.userQuote)
        let engine = try BenchmarkMarket.makeEngine(configuration, setup: setup)
        if pool != nil {
            mix.pool = EC2018PoolActivity()
            mix.pool?.initial = Self.poolReserves(engine)
        }
        var commands: [Command] = []
        commands.reserveCapacity(count)
        var timestamp = UInt64(setup.count + 1)
        var nextRefresh = 0
        while commands.count < count {
            if commands.count == nextRefresh {
                nextRefresh += Self.refreshInterval
                restingOrders = engine.restingOrderCount(market: BenchmarkMarket.market)
                sampleBook(engine)
            }
            guard let command = nextCommand() else {
                mix.skippedDraws += 1
                continue
            }
            engine.apply(command, timestamp: timestamp)
            timestamp += 1
            if observe(engine.events) {
                restingOrders = engine.restingOrderCount(market: BenchmarkMarket.market)
            }
            mix.maxRestingOrders = max(mix.maxRestingOrders, engine.restingOrderCount(market: BenchmarkMarket.market))
            commands.append(command)
        }
        mix.commands = commands.count
        mix.pool?.final = Self.poolReserves(engine)
        return EC2018Workload(
            configuration: configuration, setup: setup, commands: commands, mix: mix, stateHash: engine.stateHash())
    }

    /// The next command, or nil when the draw picked no live order (the draw is then skipped, as the original
    /// generator skipped it).
    private mutating func nextCommand() -> Command? {
        let growing = restingOrders < Self.targetOrders
        let lacking = Self.targetOrders - restingOrders
        // The recipe's rule for a large shortfall; with a target of 1,000 orders it cannot apply.
        let choice = random.below(growing ? (lacking > 1_000 ? 2 : 10) : 40)
        if choice < 2 {
            return newOrder(growing: growing)
        }
        guard let id = live.first(atOrAfter: random.below(nextOrderId)) else { return nil }
        return choice == 2 ? cancel(id) : move(id)
    }

    /// A GTC limit order near the last trade while the book is short of its target, else a market (IOC) order.
    private mutating func newOrder(growing: Bool) -> Command {
        let side: Side = random.below(4) + direction >= 2 ? .buy : .sell
        let quantity = Int64(1 + random.below(6) * random.below(6) * random.below(6)) * lotSize
        let account = UInt32(1 + random.below(Self.users))
        let clientOrderId = nextClientOrderIds[Int(account)]
        nextClientOrderIds[Int(account)] += 1
        guard growing else {
            mix.iocOrders += 1
            return .newOrder(
                NewOrder(
                    account: account, market: BenchmarkMarket.market, clientOrderId: clientOrderId, side: side,
                    type: .market, timeInForce: .ioc, price: 0, quantity: quantity))
        }
        mix.gtcOrders += 1
        let spread = 1 + random.squaredUnit(times: Self.deviation)
        var sum = 0
        for _ in 0..<4 {
            sum += random.below(spread)
        }
        let offset = Int64(abs(sum / 4 * 2 - spread))
        // Buys sit at or below the last trade, sells at or above it.
        let price = side == .buy ? lastTrade - offset : lastTrade + offset
        return .newOrder(
            NewOrder(
                account: account, market: BenchmarkMarket.market, clientOrderId: clientOrderId, side: side,
                price: price, quantity: quantity))
    }

    private mutating func cancel(_ id: Int) -> Command {
        mix.cancels += 1
        return .cancel(CancelOrder(account: owners[id], order: .orderId(UInt64(id))))
    }

    /// Moves the order 1 % of its distance to the last trade (rounded away from zero, so at least one tick), or
    /// one tick either way when it sits at the last trade; measured from the original or the current price.
    private mutating func move(_ id: Int) -> Command {
        let base = moveBase == .original ? originalPrices[id] : currentPrices[id]
        let gap = lastTrade - base
        let step: Int64 =
            if gap > 0 {
                (gap + 99) / 100
            } else if gap < 0 {
                -((99 - gap) / 100)
            } else {
                random.below(2) == 0 ? -1 : 1
            }
        let price = base + step
        mix.moves += 1
        if price == currentPrices[id] {
            mix.noOpMoves += 1
        }
        return .replace(ReplaceOrder(account: owners[id], order: .orderId(UInt64(id)), price: price))
    }

    /// Follows one command's events. Returns true when the resting count must be refreshed: after a rejection or
    /// an IOC remainder (what exchange-core's generator saw as a rejection).
    private mutating func observe(_ events: [Event]) -> Bool {
        var traded = false
        var tradedWithPool = false
        var refresh = false
        for event in events {
            switch event.body {
            case .accepted(let order):
                track(order)
            case .fill(let fill):
                if fill.remaining == 0 {
                    live.remove(Int(fill.orderId))
                }
                if fill.liquidity == .taker {
                    traded = true
                    recordTrade(at: fill.price)
                    mix.pool?.bookTakerLots += Int(fill.quantity / lotSize)
                }
            case .poolFill(let fill):
                if fill.remaining == 0 {
                    live.remove(Int(fill.orderId))
                }
                traded = true
                tradedWithPool = true
                recordTrade(at: fill.price)
                mix.pool?.record(fill, lotSize: lotSize)
            case .canceled(let canceled):
                if canceled.remaining == 0 {
                    live.remove(Int(canceled.orderId))
                }
                if canceled.reason == .selfTrade {
                    mix.selfTradeCancels += 1
                } else if canceled.reason == .iocRemainder {
                    mix.iocRemainders += 1
                    refresh = true
                }
            case .replaced(let replaced):
                currentPrices[Int(replaced.orderId)] = replaced.price
            case .rejected:
                mix.rejected += 1
                refresh = true
            case .massCancelDone, .balance, .liquidityAdded, .liquidityRemoved, .positionUpdate, .marginCall,
                .liquidationStarted, .liquidationEnded, .insuranceFund, .deleveraged, .indexPrice:
                break
            }
        }
        mix.events += events.count
        if traded {
            mix.commandsWithTrades += 1
        }
        if tradedWithPool {
            mix.pool?.commandsWithPoolFills += 1
        }
        return refresh
    }

    private mutating func track(_ order: OrderAccepted) {
        let id = Int(order.orderId)
        if id >= owners.count {
            let missing = id + 1 - owners.count
            owners.append(contentsOf: repeatElement(0, count: missing))
            originalPrices.append(contentsOf: repeatElement(0, count: missing))
            currentPrices.append(contentsOf: repeatElement(0, count: missing))
        }
        owners[id] = order.account
        originalPrices[id] = order.price
        currentPrices[id] = order.price
        nextOrderId = max(nextOrderId, id + 1)
        live.insert(id)
    }

    /// Every trade sets the last trade price, clamped to the range; reaching an edge sets the direction.
    private mutating func recordTrade(at price: Int64) {
        mix.trades += 1
        lastTrade = min(max(price, Self.priceFloor), Self.priceCeiling)
        if price <= Self.priceFloor {
            direction = 1
        } else if price >= Self.priceCeiling {
            direction = -1
        }
        mix.lowestLastTrade = min(mix.lowestLastTrade, lastTrade)
        mix.highestLastTrade = max(mix.highestLastTrade, lastTrade)
    }

    private mutating func sampleBook(_ engine: Engine) {
        let bids = engine.bookLevels(market: BenchmarkMarket.market, side: .buy)
        let asks = engine.bookLevels(market: BenchmarkMarket.market, side: .sell)
        mix.sampleBook(
            bidOrders: bids.reduce(0) { $0 + $1.orderCount }, askOrders: asks.reduce(0) { $0 + $1.orderCount },
            bidLevels: bids.count, askLevels: asks.count)
        mix.pool?.sample(Self.poolReserves(engine), lotSize: lotSize, lastTrade: lastTrade)
    }

    private static func poolReserves(_ engine: Engine) -> EC2018PoolActivity.Reserves {
        let curve = engine.pool(market: BenchmarkMarket.market)?.curve
        return EC2018PoolActivity.Reserves(base: curve?.base ?? 0, quote: curve?.quote ?? 0)
    }
}
