import TandemWire

/// Messages for the fake server to send.
enum TestMessages {
    static func balance(_ sequence: UInt64, available: Int64 = 1_000) -> Wire.Message {
        .balanceUpdate(
            Wire.BalanceUpdate(
                sequence: sequence, timestamp: 1_000 + sequence, available: available, reserved: 0, asset: 2))
    }

    static func fill(_ sequence: UInt64, clientOrderId: UInt64 = 9, quantity: Int64 = 10_000) -> Wire.Message {
        .fill(
            Wire.Fill(
                sequence: sequence, timestamp: 1_000 + sequence, tradeId: 5, orderId: 3, clientOrderId: clientOrderId,
                price: 65_000_000_000, quantity: quantity, remaining: 0, fee: -6_500, quoteAmount: 0, lpFee: 0,
                market: 0, side: .buy, liquidity: .bookMaker))
    }

    static func asset(_ id: UInt32, _ symbol: String, decimals: UInt8, sequence: UInt64 = 0) -> Wire.Message {
        .assetDefinition(
            Wire.AssetDefinition(
                sequence: sequence, timestamp: 1, asset: id, decimals: decimals, symbol: WireSymbol(symbol)!))
    }

    /// BTC-USD of the demo configuration: tick 0.01 USD, lot 0.0001 BTC.
    static func btcUSD(sequence: UInt64 = 0) -> Wire.Message {
        .instrumentDefinition(
            Wire.InstrumentDefinition(
                sequence: sequence, timestamp: 1, tickSize: 10_000, lotSize: 10_000, minQuantity: 10_000,
                maxQuantity: 10_000_000_000, maxPrice: 1_000_000_000_000, referencePrice: 65_000_000_000, market: 0,
                baseAsset: 0, quoteAsset: 2, priceBandPPM: 50_000, makerFeePPM: -100, takerFeePPM: 500,
                poolFeePPM: 1_000, kind: .spot, symbol: WireSymbol("BTC-USD")!, initialMarginPPM: 0,
                maintenanceMarginPPM: 0, marginCallPPM: 0, liquidationSpreadPPM: 0))
    }

    static func pool(_ sequence: UInt64, base: Int64, quote: Int64) -> Wire.Message {
        .poolState(
            Wire.PoolState(
                sequence: sequence, timestamp: 1, baseReserve: base, quoteReserve: quote, shares: 1_000, market: 0))
    }

    static func depth(
        _ sequence: UInt64, _ side: Wire.Side, price: Int64, book: Int64, pool: Int64 = 0, orders: UInt32 = 1
    ) -> Wire.Message {
        .depthLevel(
            Wire.DepthLevel(
                sequence: sequence, timestamp: 1, price: price, bookQuantity: book, poolQuantity: pool,
                orderCount: orders, market: 0, side: side))
    }

    static func top(_ sequence: UInt64, bid: Int64, ask: Int64) -> Wire.Message {
        .topOfBook(
            Wire.TopOfBook(
                sequence: sequence, timestamp: 1, bidPrice: bid, bidQuantity: 1, askPrice: ask, askQuantity: 1,
                market: 0))
    }

    static func trade(_ sequence: UInt64, price: Int64, quantity: Int64) -> Wire.Message {
        .trade(
            Wire.Trade(
                sequence: sequence, timestamp: 1, tradeId: 1, price: price, quantity: quantity, market: 0,
                aggressorSide: .sell, source: .book))
    }
}
