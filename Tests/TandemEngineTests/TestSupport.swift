@testable import TandemEngine

/// SplitMix64: a tiny seeded generator, so every random test replays exactly from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A value in `range`; the modulo bias is irrelevant for test streams and keeps the stream simple to replay.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func int(_ range: Range<Int>) -> Int { int(range.lowerBound...(range.upperBound - 1)) }

    mutating func int64(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
}

/// The assets of the unit-test configuration.
enum Asset {
    static let base = 0
    static let quote = 1
    static let coin = 2
}

/// The configuration of the unit tests, with numbers small enough to check by hand.
///
/// - Market 0, BASE/QUOTE (both 2 decimals): tick 10, lot 10, so `tickValue = 10 * 10 / 100 = 1` and the
///   notional of a trade is `ticks * lots`. Taker fee 3000 ppm, maker rebate 2000 ppm, so
///   `perLot(t) = t + ceil(3t / 1000)` (101 at 100 ticks). Reference price 1000 (100 ticks), band 10 %.
/// - Market 1, COIN/QUOTE (COIN has 0 decimals): tick 5, lot 2, so `tickValue = 10`. Maker fee 1000 ppm above
///   the taker fee 500 ppm, so `perLot(t) = 10t + ceil(t / 100)`. No reference price; minimum 4, maximum 100.
/// - Accounts 0 (fee account), 1 `cancelTaker`, 2 `cancelMaker`, 3 `cancelBoth`, 4 `decrementBoth`; accounts
///   opened by a deposit get `cancelBoth`; ids stay below 100.
enum UnitTest {
    static let baseMarket = MarketConfiguration(
        symbol: "BASE/QUOTE", baseAsset: Asset.base, quoteAsset: Asset.quote, tickSize: 10, lotSize: 10,
        minQuantity: 10, maxQuantity: 10_000, maxPrice: 100_000, priceBandPPM: 100_000, referencePrice: 1_000,
        makerFeePPM: -2_000, takerFeePPM: 3_000)

    static let coinMarket = MarketConfiguration(
        symbol: "COIN/QUOTE", baseAsset: Asset.coin, quoteAsset: Asset.quote, tickSize: 5, lotSize: 2, minQuantity: 4,
        maxQuantity: 100, maxPrice: 50_000, priceBandPPM: 50_000, referencePrice: 0, makerFeePPM: 1_000,
        takerFeePPM: 500)

    static func configuration(markets: [MarketConfiguration] = [baseMarket, coinMarket]) -> EngineConfiguration {
        EngineConfiguration(
            assets: [
                AssetConfiguration(symbol: "BASE", decimals: 2), AssetConfiguration(symbol: "QUOTE", decimals: 2),
                AssetConfiguration(symbol: "COIN", decimals: 0),
            ],
            markets: markets,
            accounts: [
                AccountConfiguration(id: 0), AccountConfiguration(id: 1, selfTradePrevention: .cancelTaker),
                AccountConfiguration(id: 2, selfTradePrevention: .cancelMaker),
                AccountConfiguration(id: 3, selfTradePrevention: .cancelBoth),
                AccountConfiguration(id: 4, selfTradePrevention: .decrementBoth),
            ],
            feeAccount: 0, maxAccounts: 100, defaultSelfTradePrevention: .cancelBoth)
    }
}

/// An engine under test with a logical clock (each command one step later) and shorthands for commands.
final class Harness {
    let engine: Engine
    /// The timestamp the next command gets.
    var clock: UInt64 = 1_000
    /// The order id the next accepted order will get, learned from `accepted` events. An order without an
    /// explicit client order id gets this as its client order id, so expectations can leave both equal.
    private var nextOrderId: UInt64 = 1

    init(_ configuration: EngineConfiguration = UnitTest.configuration()) throws {
        engine = try Engine(configuration: configuration)
    }

    /// A harness whose accounts 1 to 4 hold 10,000 BASE, 100,000 QUOTE and 1,000 COIN (minor units) each.
    static func funded(_ configuration: EngineConfiguration = UnitTest.configuration()) throws -> Harness {
        let harness = try Harness(configuration)
        for account: UInt32 in 1...4 {
            harness.deposit(account, Asset.base, 10_000)
            harness.deposit(account, Asset.quote, 100_000)
            harness.deposit(account, Asset.coin, 1_000)
        }
        return harness
    }

    /// Applies a command and returns the bodies of its events.
    @discardableResult
    func apply(_ command: Command) -> [EventBody] {
        engine.apply(command, timestamp: clock)
        clock += 1
        for event in engine.events {
            if case .accepted(let order) = event.body { nextOrderId = order.orderId + 1 }
        }
        return engine.events.map(\.body)
    }

    @discardableResult
    func deposit(_ account: UInt32, _ asset: Int, _ amount: Int64) -> [EventBody] {
        apply(.deposit(Transfer(account: account, asset: asset, amount: amount)))
    }

    @discardableResult
    func withdraw(_ account: UInt32, _ asset: Int, _ amount: Int64) -> [EventBody] {
        apply(.withdraw(Transfer(account: account, asset: asset, amount: amount)))
    }

    /// A new order; a limit GTC order in market 0 whose client order id is its order id, unless told otherwise.
    @discardableResult
    func order(
        _ account: UInt32, _ side: Side, price: Int64, quantity: Int64, clientOrderId: UInt64? = nil, market: Int = 0,
        type: OrderType = .limit, timeInForce: TimeInForce = .gtc, postOnly: Bool = false,
        selfTradePrevention: SelfTradePrevention? = nil
    ) -> [EventBody] {
        apply(
            .newOrder(
                NewOrder(
                    account: account, market: market, clientOrderId: clientOrderId ?? nextOrderId, side: side,
                    type: type, timeInForce: timeInForce, postOnly: postOnly, price: price, quantity: quantity,
                    selfTradePrevention: selfTradePrevention)))
    }

    @discardableResult
    func cancel(_ account: UInt32, _ order: OrderReference) -> [EventBody] {
        apply(.cancel(CancelOrder(account: account, order: order)))
    }

    @discardableResult
    func replace(_ account: UInt32, _ order: OrderReference, price: Int64? = nil, quantity: Int64? = nil)
        -> [EventBody]
    {
        apply(.replace(ReplaceOrder(account: account, order: order, price: price, quantity: quantity)))
    }

    @discardableResult
    func massCancel(_ account: UInt32, market: Int? = nil, side: Side? = nil) -> [EventBody] {
        apply(.massCancel(MassCancel(account: account, market: market, side: side)))
    }

    func balance(_ account: UInt32, _ asset: Int) -> Balance? { engine.balance(account: account, asset: asset) }

    /// Everything a rejected command must leave as it was: open accounts, balances and books.
    func snapshot() -> String {
        var lines = ["accounts \(engine.openAccounts)"]
        for account in engine.openAccounts {
            for asset in engine.configuration.assets.indices {
                lines.append("\(account)/\(asset): \(String(describing: balance(account, asset)))")
            }
        }
        for market in engine.configuration.markets.indices {
            for side in Side.allCases {
                lines.append("\(market) \(side): \(engine.restingOrders(market: market, side: side))")
            }
            lines.append("\(market) last trade \(engine.lastTradePrice(market: market))")
        }
        return lines.joined(separator: "\n")
    }

    /// The resting orders of one side as (order id, price, quantity), in priority order.
    func book(_ side: Side, market: Int = 0) -> [BookEntry] {
        engine.restingOrders(market: market, side: side).map { BookEntry($0.orderId, $0.price, $0.quantity) }
    }
}

/// (order id, price, quantity) of a resting order, compact to write in expectations.
struct BookEntry: Equatable, CustomStringConvertible {
    var orderId: UInt64
    var price: Int64
    var quantity: Int64

    init(_ orderId: UInt64, _ price: Int64, _ quantity: Int64) {
        self.orderId = orderId
        self.price = price
        self.quantity = quantity
    }

    var description: String { "(#\(orderId) \(quantity)@\(price))" }
}

// MARK: - Expected events

// A nil client order id stands for the order id, matching the harness's default.

func accepted(
    _ orderId: UInt64, account: UInt32, _ side: Side, price: Int64, quantity: Int64, clientOrderId: UInt64? = nil,
    market: Int = 0, type: OrderType = .limit, timeInForce: TimeInForce = .gtc, postOnly: Bool = false
) -> EventBody {
    .accepted(
        OrderAccepted(
            orderId: orderId, clientOrderId: clientOrderId ?? orderId, account: account, market: market, side: side,
            type: type, timeInForce: timeInForce, postOnly: postOnly, price: price, quantity: quantity))
}

func rejected(_ account: UInt32, _ command: CommandKind, _ reason: RejectReason, reference: UInt64 = 0) -> EventBody {
    .rejected(CommandRejected(account: account, command: command, reference: reference, reason: reason))
}

func fill(
    trade: UInt64, order: UInt64, account: UInt32, _ side: Side, _ liquidity: Liquidity, price: Int64,
    quantity: Int64, remaining: Int64, fee: Int64, clientOrderId: UInt64? = nil, market: Int = 0
) -> EventBody {
    .fill(
        Fill(
            tradeId: trade, orderId: order, clientOrderId: clientOrderId ?? order, account: account, market: market,
            side: side, liquidity: liquidity, price: price, quantity: quantity, remaining: remaining, fee: fee))
}

func canceled(
    _ orderId: UInt64, account: UInt32, _ side: Side, quantity: Int64, remaining: Int64 = 0, _ reason: CancelReason,
    clientOrderId: UInt64? = nil, market: Int = 0
) -> EventBody {
    .canceled(
        OrderCanceled(
            orderId: orderId, clientOrderId: clientOrderId ?? orderId, account: account, market: market, side: side,
            canceledQuantity: quantity, remaining: remaining, reason: reason))
}

func replaced(
    _ orderId: UInt64, account: UInt32, _ side: Side, price: Int64, quantity: Int64, keptPriority: Bool,
    clientOrderId: UInt64? = nil, market: Int = 0
) -> EventBody {
    .replaced(
        OrderReplaced(
            orderId: orderId, clientOrderId: clientOrderId ?? orderId, account: account, market: market, side: side,
            price: price, quantity: quantity, keptPriority: keptPriority))
}

func massCancelDone(_ account: UInt32, market: Int? = nil, side: Side? = nil, count: Int) -> EventBody {
    .massCancelDone(MassCancelDone(account: account, market: market, side: side, count: count))
}

func balance(_ account: UInt32, _ asset: Int, available: Int64, reserved: Int64 = 0) -> EventBody {
    .balance(BalanceUpdate(account: account, asset: asset, available: available, reserved: reserved))
}

/// The events without the balance updates, for tests about the order flow alone.
func withoutBalances(_ bodies: [EventBody]) -> [EventBody] {
    bodies.filter {
        if case .balance = $0 { return false }
        return true
    }
}
