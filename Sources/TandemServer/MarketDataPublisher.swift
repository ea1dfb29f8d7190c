import TandemEngine
import TandemWire
import TandemWireMapping

/// The market-data stream: trades and perpetual markets' index and mark prices as they happen, and each
/// market's pool, depth and top of book as changes to what was last published. Lives on the loop thread; the
/// engine thread sends it each market's state.
final class MarketDataPublisher {
    /// A market as last published.
    private struct MarketState {
        var pool: (base: Int64, quote: Int64, shares: Int64)?
        var bids: [DepthLevel] = []
        var asks: [DepthLevel] = []
        var top = (bidPrice: Int64(0), bidQuantity: Int64(0), askPrice: Int64(0), askQuantity: Int64(0))
    }

    private let configuration: EngineConfiguration
    private var published: [MarketState]
    /// Each market's last `mark_price` (nil: none published), for snapshots.
    private var markPrices: [Wire.MarkPrice?]
    /// The state being received between `begin` and `end`.
    private var incoming = MarketState()
    private var incomingTimestamp: UInt64 = 0
    var stream: StreamLog

    init(configuration: EngineConfiguration, options: ServerOptions) {
        self.configuration = configuration
        published = Array(repeating: MarketState(), count: configuration.markets.count)
        markPrices = Array(repeating: nil, count: configuration.markets.count)
        stream = StreamLog(windowBytes: options.resumeWindowBytes)
    }

    /// The trade an engine event reports, if it reports one: a book trade once (from its taker's fill), a pool
    /// fill.
    func trade(of event: Event) -> Wire.Message? {
        switch event.body {
        case .fill(let fill) where fill.liquidity == .taker:
            trade(event.timestamp, fill.tradeId, fill.price, fill.quantity, fill.market, fill.side, .book)
        case .poolFill(let fill):
            trade(event.timestamp, fill.tradeId, fill.price, fill.quantity, fill.market, fill.side, .pool)
        default:
            nil
        }
    }

    /// The `mark_price` an engine event reports, if it sets a perpetual market's index price; it is also what
    /// later snapshots show for the market.
    func markPrice(of event: Event) -> Wire.Message? {
        guard case .indexPrice(let update) = event.body else { return nil }
        let message = Wire.Message(markPrice: update, timestamp: event.timestamp)
        if case .markPrice(let markPrice) = message { markPrices[update.market] = markPrice }
        return message
    }

    private func trade(
        _ timestamp: UInt64, _ tradeId: UInt64, _ price: Int64, _ quantity: Int64, _ market: Int, _ side: Side,
        _ source: Wire.TradeSource
    ) -> Wire.Message {
        .trade(
            Wire.Trade(
                sequence: 0, timestamp: timestamp, tradeId: tradeId, price: price, quantity: quantity,
                market: UInt32(market), aggressorSide: Wire.Side(side), source: source))
    }

    func begin(market: Int, timestamp: UInt64) {
        incoming = MarketState()
        incomingTimestamp = timestamp
    }

    func pool(market: Int, base: Int64, quote: Int64, shares: Int64) {
        incoming.pool = (base, quote, shares)
    }

    func level(market: Int, side: Side, level: DepthLevel) {
        if side == .buy { incoming.bids.append(level) } else { incoming.asks.append(level) }
    }

    /// The market's state is complete: the messages that change the published state into it.
    func end(market: Int) -> [Wire.Message] {
        var state = incoming
        state.top = Self.top(bids: state.bids, asks: state.asks)
        let old = published[market]
        var messages: [Wire.Message] = []
        if let pool = state.pool, old.pool.map({ $0 != pool }) ?? true {
            messages.append(poolState(pool, market: market, timestamp: incomingTimestamp))
        }
        messages += changes(from: old.bids, to: state.bids, side: .buy, market: market)
        messages += changes(from: old.asks, to: state.asks, side: .sell, market: market)
        if old.top != state.top { messages.append(topOfBook(state.top, market: market, timestamp: incomingTimestamp)) }
        published[market] = state
        return messages
    }

    /// The published prices that differ, best first, then the prices that are gone (both quantities zero).
    private func changes(from old: [DepthLevel], to new: [DepthLevel], side: Side, market: Int) -> [Wire.Message] {
        var messages: [Wire.Message] = []
        for level in new where !old.contains(level) {
            messages.append(depthLevel(level, side: side, market: market, timestamp: incomingTimestamp))
        }
        for level in old where !new.contains(where: { $0.price == level.price }) {
            let gone = DepthLevel(price: level.price, bookQuantity: 0, orderCount: 0, poolQuantity: 0)
            messages.append(depthLevel(gone, side: side, market: market, timestamp: incomingTimestamp))
        }
        return messages
    }

    private static func top(
        bids: [DepthLevel], asks: [DepthLevel]
    ) -> (bidPrice: Int64, bidQuantity: Int64, askPrice: Int64, askQuantity: Int64) {
        let bid = bids.first
        let ask = asks.first
        return (
            bid?.price ?? 0, bid.map { $0.bookQuantity + $0.poolQuantity } ?? 0,
            ask?.price ?? 0, ask.map { $0.bookQuantity + $0.poolQuantity } ?? 0
        )
    }

    /// What a late joiner gets after login_accepted: definitions and every market's published state, with
    /// sequence 0, between snapshot_begin and snapshot_end.
    func snapshot(timestamp: UInt64) -> [Wire.Message] {
        let next = stream.nextSequence
        var messages: [Wire.Message] = [.snapshotBegin(Wire.SnapshotBegin(timestamp: timestamp, nextSequence: next))]
        for (index, asset) in configuration.assets.enumerated() {
            messages.append(
                .assetDefinition(
                    Wire.AssetDefinition(
                        sequence: 0, timestamp: timestamp, asset: UInt32(index), decimals: UInt8(asset.decimals),
                        symbol: WireSymbol(asset.symbol) ?? WireSymbol("?")!)))
        }
        for (index, market) in configuration.markets.enumerated() {
            messages.append(definition(of: market, index: index, timestamp: timestamp))
        }
        for (market, state) in published.enumerated() {
            if let pool = state.pool { messages.append(poolState(pool, market: market, timestamp: timestamp)) }
            for level in state.bids {
                messages.append(depthLevel(level, side: .buy, market: market, timestamp: timestamp))
            }
            for level in state.asks {
                messages.append(depthLevel(level, side: .sell, market: market, timestamp: timestamp))
            }
            messages.append(topOfBook(state.top, market: market, timestamp: timestamp))
            if var markPrice = markPrices[market] {
                markPrice.timestamp = timestamp
                messages.append(.markPrice(markPrice))
            }
        }
        messages.append(.snapshotEnd(Wire.SnapshotEnd(timestamp: timestamp, nextSequence: next)))
        return messages
    }

    private func definition(of market: MarketConfiguration, index: Int, timestamp: UInt64) -> Wire.Message {
        .instrumentDefinition(
            Wire.InstrumentDefinition(
                sequence: 0, timestamp: timestamp, tickSize: market.tickSize, lotSize: market.lotSize,
                minQuantity: market.minQuantity, maxQuantity: market.maxQuantity, maxPrice: market.maxPrice,
                referencePrice: market.referencePrice, market: UInt32(index), baseAsset: UInt32(market.baseAsset),
                quoteAsset: UInt32(market.quoteAsset), priceBandPPM: UInt32(market.priceBandPPM),
                makerFeePPM: Int32(market.makerFeePPM), takerFeePPM: Int32(market.takerFeePPM),
                poolFeePPM: market.pool.map { UInt32($0.feePPM) }, kind: market.perpetual == nil ? .spot : .perpetual,
                symbol: WireSymbol(market.symbol) ?? WireSymbol("?")!,
                initialMarginPPM: UInt32(clamping: market.perpetual?.initialMarginPPM ?? 0),
                maintenanceMarginPPM: UInt32(clamping: market.perpetual?.maintenanceMarginPPM ?? 0),
                marginCallPPM: UInt32(clamping: market.perpetual?.marginCallPPM ?? 0),
                liquidationSpreadPPM: UInt32(clamping: market.perpetual?.liquidationSpreadPPM ?? 0)))
    }

    private func poolState(
        _ pool: (base: Int64, quote: Int64, shares: Int64), market: Int, timestamp: UInt64
    ) -> Wire.Message {
        .poolState(
            Wire.PoolState(
                sequence: 0, timestamp: timestamp, baseReserve: pool.base, quoteReserve: pool.quote,
                shares: pool.shares, market: UInt32(market)))
    }

    private func depthLevel(_ level: DepthLevel, side: Side, market: Int, timestamp: UInt64) -> Wire.Message {
        .depthLevel(
            Wire.DepthLevel(
                sequence: 0, timestamp: timestamp, price: level.price, bookQuantity: level.bookQuantity,
                poolQuantity: level.poolQuantity, orderCount: UInt32(clamping: level.orderCount),
                market: UInt32(market), side: Wire.Side(side)))
    }

    private func topOfBook(
        _ top: (bidPrice: Int64, bidQuantity: Int64, askPrice: Int64, askQuantity: Int64), market: Int,
        timestamp: UInt64
    ) -> Wire.Message {
        .topOfBook(
            Wire.TopOfBook(
                sequence: 0, timestamp: timestamp, bidPrice: top.bidPrice, bidQuantity: top.bidQuantity,
                askPrice: top.askPrice, askQuantity: top.askQuantity, market: UInt32(market)))
    }
}

extension Wire.Message {
    /// The same market-data message numbered `sequence`.
    func withSequence(_ sequence: UInt64) -> Wire.Message {
        switch self {
        case .assetDefinition(var message):
            message.sequence = sequence
            return .assetDefinition(message)
        case .instrumentDefinition(var message):
            message.sequence = sequence
            return .instrumentDefinition(message)
        case .topOfBook(var message):
            message.sequence = sequence
            return .topOfBook(message)
        case .depthLevel(var message):
            message.sequence = sequence
            return .depthLevel(message)
        case .trade(var message):
            message.sequence = sequence
            return .trade(message)
        case .poolState(var message):
            message.sequence = sequence
            return .poolState(message)
        case .markPrice(var message):
            message.sequence = sequence
            return .markPrice(message)
        default: return self
        }
    }
}
