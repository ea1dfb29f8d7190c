import TandemAMM

extension Engine {
    /// The engine's state as canonical bytes (see `EngineSnapshot`); call it between commands.
    ///
    /// Slot numbers, free lists and hash-table layouts are not in it: they never reach an output, and a restored
    /// engine lays its storage out afresh.
    public func snapshot() -> EngineSnapshot {
        var writer = EngineSnapshot.Writer()
        writer.u32(EngineSnapshot.formatVersion)
        writer.u32(UInt32(assetTotals.count))
        writer.u32(UInt32(rules.count))
        writer.u64(nextSequence)
        writer.u64(nextOrderId)
        writer.u64(nextTradeId)
        for total in assetTotals { writer.i64(total) }
        for ticks in lastTradeTicks { writer.i64(ticks) }
        writeAccounts(to: &writer)
        for market in rules.indices {
            for side in Side.allCases { writeOrders(market: market, side: side, to: &writer) }
        }
        for pool in pools { writePool(pool, to: &writer) }
        writePerpetuals(to: &writer)
        return EngineSnapshot(bytes: writer.bytes)
    }

    /// An engine in the state `snapshot` recorded, built with the configuration the snapshot was taken under.
    ///
    /// Bytes that do not describe a consistent state of an engine with this configuration are refused with a
    /// description of the first problem, never trusted.
    public static func restore(
        configuration: EngineConfiguration, snapshot: EngineSnapshot
    ) throws(EngineSnapshot.DecodingError) -> Engine {
        let engine: Engine
        do {
            engine = try Engine(configuration: configuration)
        } catch {
            throw EngineSnapshot.DecodingError("the configuration is invalid: \(error)")
        }
        var reader = EngineSnapshot.Reader(snapshot.bytes)
        try engine.restore(from: &reader)
        guard reader.isAtEnd else { throw EngineSnapshot.DecodingError("unexpected bytes after the state") }
        return engine
    }

    // MARK: Writing

    private func writeAccounts(to writer: inout EngineSnapshot.Writer) {
        let open = openAccounts
        writer.u32(UInt32(open.count))
        for account in open {
            writer.u32(account)
            writer.u8(accounts.selfTrade[Int(account)].rawValue)
            for asset in assetTotals.indices {
                let index = accounts.balanceIndex(account, asset)
                writer.i64(accounts.available[index])
                writer.i64(accounts.reserved[index])
            }
        }
    }

    /// One side's levels best first, each level's orders oldest first.
    private func writeOrders(market: Int, side: Side, to writer: inout EngineSnapshot.Writer) {
        let book = books[market]
        let bookSide = book.side(side)
        writer.u32(UInt32(bookSide.count))
        for rank in 0..<bookSide.count {
            let level = book.level(bookSide.level(rank: rank)).pointee
            writer.i64(level.ticks)
            writer.u32(UInt32(level.count))
            var slot = level.head
            while slot != OrderStore.none {
                let order = orders[slot]
                writer.u64(order.orderId)
                writer.u64(order.clientOrderId)
                writer.u32(order.account)
                writer.i64(order.lots)
                writer.u8(order.selfTrade.rawValue)
                writer.u8(order.postOnly ? 1 : 0)
                slot = order.next
            }
        }
    }

    private func writePool(_ pool: LiquidityPool?, to writer: inout EngineSnapshot.Writer) {
        guard let pool else { return writer.u8(0) }
        writer.u8(1)
        writer.i64(pool.curve.base)
        writer.i64(pool.curve.quote)
        writer.i64(pool.totalShares)
        writer.i64(pool.heldFeeBase)
        writer.i64(pool.heldFeeQuote)
        writer.u128(pool.feeGrowth.base)
        writer.u128(pool.feeGrowth.quote)
        writer.u32(UInt32(pool.positions.count))
        for position in pool.positions {
            writer.u32(position.account)
            writer.i64(position.shares)
            writer.u128(position.baseGrowth)
            writer.u128(position.quoteGrowth)
            writer.i64(position.owedBase)
            writer.i64(position.owedQuote)
        }
    }

    // MARK: Reading

    private func restore(from reader: inout EngineSnapshot.Reader) throws(EngineSnapshot.DecodingError) {
        let version = try reader.u32()
        guard version == EngineSnapshot.formatVersion else {
            throw EngineSnapshot.DecodingError("format version \(version), expected \(EngineSnapshot.formatVersion)")
        }
        let assetCount = try reader.u32()
        let marketCount = try reader.u32()
        guard assetCount == assetTotals.count, marketCount == rules.count else {
            throw EngineSnapshot.DecodingError(
                "\(assetCount) assets and \(marketCount) markets, the configuration has \(assetTotals.count) and "
                    + "\(rules.count)")
        }
        nextSequence = try reader.u64()
        nextOrderId = try reader.u64()
        nextTradeId = try reader.u64()
        // Far beyond any real count, so that no counter can overflow after a restore.
        guard [nextSequence, nextOrderId, nextTradeId].allSatisfy({ (1...1 << 62).contains($0) }) else {
            throw EngineSnapshot.DecodingError("a sequence counter is out of range")
        }
        for asset in assetTotals.indices {
            assetTotals[asset] = try reader.i64()
            guard (0...FixedPoint.maxAssetTotal).contains(assetTotals[asset]) else {
                throw EngineSnapshot.DecodingError("asset \(asset): total \(assetTotals[asset]) is out of range")
            }
        }
        for market in rules.indices {
            lastTradeTicks[market] = try reader.i64()
            guard (0...rules[market].maxTicks).contains(lastTradeTicks[market]) else {
                throw EngineSnapshot.DecodingError("market \(market): last trade price out of range")
            }
        }
        try restoreAccounts(from: &reader)
        var accountOrders: [(orderId: UInt64, slot: Int32)] = []
        for market in rules.indices {
            for side in Side.allCases {
                try restoreOrders(market: market, side: side, from: &reader, into: &accountOrders)
            }
        }
        // Each account's list is in order id order: an order joins it when it first rests, and ids only grow.
        accountOrders.sort { $0.orderId < $1.orderId }
        for entry in accountOrders { accounts.link(entry.slot, orders: orders) }
        for market in rules.indices { try restorePool(market: market, from: &reader) }
        try restorePerpetuals(from: &reader)
        try checkReservations()
        try checkConservation()
    }

    /// Every reserved balance is what the account's resting orders reserve: true between commands.
    private func checkReservations() throws(EngineSnapshot.DecodingError) {
        var expected = [Int128](repeating: 0, count: accounts.reserved.capacity)
        for market in rules.indices where !rules[market].isPerpetual {
            let rules = rules[market]
            for side in Side.allCases {
                for order in restingOrders(market: market, side: side) {
                    let index = accounts.balanceIndex(order.account, rules.reservedAsset(side))
                    let lots = Int128(order.quantity / rules.lotSize)
                    expected[index] +=
                        side == .buy
                        ? lots * Int128(rules.quotePerLot(ticks: order.price / rules.tickSize))
                        : lots * Int128(rules.lotSize)
                }
            }
        }
        for account in openAccounts {
            for asset in assetTotals.indices {
                let index = accounts.balanceIndex(account, asset)
                guard accounts.available[index] >= 0, Int128(accounts.reserved[index]) == expected[index] else {
                    throw EngineSnapshot.DecodingError(
                        "account \(account), asset \(asset): balances do not match its resting orders")
                }
            }
        }
    }

    /// Per asset, balances plus pool reserves and held fees add up to what was deposited and not withdrawn.
    private func checkConservation() throws(EngineSnapshot.DecodingError) {
        var held = [Int128](repeating: 0, count: assetTotals.count)
        for account in openAccounts {
            for asset in assetTotals.indices {
                let index = accounts.balanceIndex(account, asset)
                held[asset] += Int128(accounts.available[index]) + Int128(accounts.reserved[index])
            }
        }
        perpetualHoldings(into: &held)
        for (market, pool) in pools.enumerated() where !rules[market].isPerpetual {
            guard let pool else { continue }
            held[rules[market].baseAsset] += Int128(pool.curve.base) + Int128(pool.heldFeeBase)
            held[rules[market].quoteAsset] += Int128(pool.curve.quote) + Int128(pool.heldFeeQuote)
        }
        for asset in assetTotals.indices where held[asset] != Int128(assetTotals[asset]) {
            throw EngineSnapshot.DecodingError("asset \(asset): the balances do not add up to its total")
        }
    }

    private func restoreAccounts(from reader: inout EngineSnapshot.Reader) throws(EngineSnapshot.DecodingError) {
        let openAtStart = openAccounts
        let count = try reader.count(itemSize: 5 + 16 * assetTotals.count, "accounts")
        var listed: [UInt32] = []
        for _ in 0..<count {
            let account = try reader.u32()
            guard account < accounts.maxAccounts, listed.last.map({ account > $0 }) ?? true else {
                throw EngineSnapshot.DecodingError("account \(account) is out of order or not below max accounts")
            }
            listed.append(account)
            openAccount(account, selfTrade: try selfTradePrevention(try reader.u8()))
            for asset in assetTotals.indices {
                let index = accounts.balanceIndex(account, asset)
                accounts.available[index] = try reader.i64()
                accounts.reserved[index] = try reader.i64()
            }
        }
        // Accounts never close, so every account open from the start must be listed.
        let listedSet = Set(listed)
        if let missing = openAtStart.first(where: { !listedSet.contains($0) }) {
            throw EngineSnapshot.DecodingError("account \(missing), open from the start, is missing")
        }
    }

    private func restoreOrders(
        market: Int, side: Side, from reader: inout EngineSnapshot.Reader,
        into accountOrders: inout [(orderId: UInt64, slot: Int32)]
    ) throws(EngineSnapshot.DecodingError) {
        let rules = rules[market]
        let levelCount = try reader.count(itemSize: 12, "price levels")
        var previousTicks: Int64?
        for _ in 0..<levelCount {
            let ticks = try reader.i64()
            let isWorse = previousTicks.map { side == .buy ? ticks < $0 : ticks > $0 } ?? true
            guard (1...rules.maxTicks).contains(ticks), isWorse else {
                throw EngineSnapshot.DecodingError("market \(market): level at \(ticks) ticks is out of range or order")
            }
            previousTicks = ticks
            let orderCount = try reader.count(itemSize: 30, "orders")
            guard orderCount > 0 else { throw EngineSnapshot.DecodingError("market \(market): an empty level") }
            for _ in 0..<orderCount {
                let slot = try restoreOrder(market: market, side: side, ticks: ticks, from: &reader)
                accountOrders.append((orders[slot].orderId, slot))
            }
        }
    }

    private func restoreOrder(
        market: Int, side: Side, ticks: Int64, from reader: inout EngineSnapshot.Reader
    ) throws(EngineSnapshot.DecodingError) -> Int32 {
        let orderId = try reader.u64()
        let clientOrderId = try reader.u64()
        let account = try reader.u32()
        let lots = try reader.i64()
        let selfTrade = try selfTradePrevention(try reader.u8())
        let postOnly = try reader.u8()
        guard (1..<nextOrderId).contains(orderId), orderIds.find(0, orderId) == OrderStore.none,
            accounts.contains(account), clientOrderIds.find(account, clientOrderId) == OrderStore.none,
            (1...rules[market].maxLots).contains(lots), postOnly <= 1
        else { throw EngineSnapshot.DecodingError("market \(market): order \(orderId) is invalid or a duplicate") }
        let slot = orders.allocate()
        orders[slot] = OrderSlot(
            orderId: orderId, clientOrderId: clientOrderId, ticks: ticks, lots: lots, account: account,
            market: UInt16(market), side: side, selfTrade: selfTrade, postOnly: postOnly == 1)
        orderIds.insert(0, orderId, slot: slot)
        clientOrderIds.insert(account, clientOrderId, slot: slot)
        books[market].append(slot, orders: orders)
        if rules[market].isPerpetual { adjustRestingLots(market: market, account: account, side: side, by: lots) }
        return slot
    }

    private func restorePool(market: Int, from reader: inout EngineSnapshot.Reader) throws(EngineSnapshot.DecodingError)
    {
        let present = try reader.u8()
        guard present == (hasPool[market] ? 1 : 0) else {
            throw EngineSnapshot.DecodingError("market \(market): a pool where the configuration has none, or none")
        }
        guard let configuration = configuration.markets[market].pool else { return }
        let curve = ConstantProductPool(
            base: try reader.i64(), quote: try reader.i64(), feePPM: configuration.feePPM,
            lotSize: rules[market].lotSize)
        let totalShares = try reader.i64()
        let heldFeeBase = try reader.i64()
        let heldFeeQuote = try reader.i64()
        let feeGrowth = (base: try reader.u128(), quote: try reader.u128())
        var positions: [LiquidityPool.Position] = []
        for _ in 0..<(try reader.count(itemSize: 60, "pool positions")) {
            let position = LiquidityPool.Position(
                account: try reader.u32(), shares: try reader.i64(), baseGrowth: try reader.u128(),
                quoteGrowth: try reader.u128(), owedBase: try reader.i64(), owedQuote: try reader.i64())
            guard positions.last.map({ position.account > $0.account }) ?? true, position.shares > 0,
                position.owedBase >= 0, position.owedQuote >= 0, position.baseGrowth <= feeGrowth.base,
                position.quoteGrowth <= feeGrowth.quote
            else {
                throw EngineSnapshot.DecodingError("market \(market): pool position \(position.account) is invalid")
            }
            positions.append(position)
        }
        let positionShares = positions.reduce(Int128(0)) { $0 + Int128($1.shares) }
        let owedBase = positions.reduce(Int128(0)) { $0 + Int128($1.owedBase) }
        let owedQuote = positions.reduce(Int128(0)) { $0 + Int128($1.owedQuote) }
        guard curve.base >= 0, curve.quote >= 0, heldFeeBase >= 0, heldFeeQuote >= 0,
            owedBase <= Int128(heldFeeBase), owedQuote <= Int128(heldFeeQuote),
            Int128(totalShares) == (totalShares == 0 ? 0 : positionShares + Int128(LiquidityPool.lockedShares))
        else { throw EngineSnapshot.DecodingError("market \(market): the pool's amounts or shares are inconsistent") }
        pools[market] = LiquidityPool(
            curve: curve, totalShares: totalShares, heldFeeBase: heldFeeBase, heldFeeQuote: heldFeeQuote,
            feeGrowth: feeGrowth, positions: positions)
        refreshPoolReach(market: market)
    }

    private func selfTradePrevention(_ raw: UInt8) throws(EngineSnapshot.DecodingError) -> SelfTradePrevention {
        guard let mode = SelfTradePrevention(rawValue: raw) else {
            throw EngineSnapshot.DecodingError("self-trade prevention \(raw) is not a mode")
        }
        return mode
    }
}
