extension Engine {
    /// Each perpetual market's index, vault shares and positions (by account), after the pools.
    ///
    /// Resting lots are not written: they follow from the orders. Thresholds and heaps are rebuilt on restore.
    func writePerpetuals(to writer: inout EngineSnapshot.Writer) {
        for market in perpetualMarkets {
            let perpetual = perpetuals + market
            writer.i64(perpetual.pointee.indexTicks)
            writer.i64(perpetual.pointee.totalVaultShares)
            writer.u32(UInt32(perpetual.pointee.vaultShares.count))
            for holding in perpetual.pointee.vaultShares {
                writer.u32(holding.account)
                writer.i64(holding.shares)
            }
            let slots = perpetual.pointee.slotsByAccount.filter { Self.isRecorded(perpetual.pointee.positions[$0]) }
            writer.u32(UInt32(slots.count))
            for slot in slots {
                let position = perpetual.pointee.positions[slot]
                writer.u32(position.account)
                writer.i64(position.size)
                writer.i64(position.cost)
                writer.i64(position.collateral)
                writer.u8(position.called ? 1 : 0)
            }
        }
    }

    /// Whether a position has state beyond its resting lots.
    static func isRecorded(_ position: Position) -> Bool {
        position.size != 0 || position.cost != 0 || position.collateral != 0 || position.called
    }

    func restorePerpetuals(from reader: inout EngineSnapshot.Reader) throws(EngineSnapshot.DecodingError) {
        for market in perpetualMarkets {
            let perpetual = perpetuals + market
            perpetual.pointee.indexTicks = try reader.i64()
            guard (0...rules[market].maxTicks).contains(perpetual.pointee.indexTicks) else {
                throw EngineSnapshot.DecodingError("market \(market): index price out of range")
            }
            let totalShares = try reader.i64()
            var held: Int128 = 0
            perpetual.pointee.vaultShares = []
            for _ in 0..<(try reader.count(itemSize: 12, "vault shares")) {
                let account = try reader.u32()
                let shares = try reader.i64()
                guard accounts.contains(account), shares > 0,
                    perpetual.pointee.vaultShares.last.map({ account > $0.account }) ?? true
                else { throw EngineSnapshot.DecodingError("market \(market): vault shares of \(account) are invalid") }
                perpetual.pointee.vaultShares.append((account, shares))
                held += Int128(shares)
            }
            guard held + (totalShares == 0 ? 0 : 1_000) == Int128(totalShares) else {
                throw EngineSnapshot.DecodingError("market \(market): the vault's shares do not add up")
            }
            perpetual.pointee.totalVaultShares = totalShares
            try restorePositions(market: market, from: &reader)
            refreshMark(market)
            // Flat positions the fund still owes: their resting lots are known now that the orders are restored.
            for slot in perpetual.pointee.slotsByAccount {
                let position = perpetual.pointee.positions[slot]
                if position.size == 0 && position.bids == 0 && position.asks == 0 && position.collateral < 0
                    && position.account != perpetual.pointee.configuration.vaultAccount
                {
                    unpaidPositions.append((market, slot))
                }
            }
        }
    }

    private func restorePositions(market: Int, from reader: inout EngineSnapshot.Reader)
        throws(EngineSnapshot.DecodingError)
    {
        let perpetual = perpetuals + market
        var previous: UInt32?
        var openInterest: Int128 = 0
        for _ in 0..<(try reader.count(itemSize: 29, "positions")) {
            let account = try reader.u32()
            let size = try reader.i64()
            let cost = try reader.i64()
            let collateral = try reader.i64()
            let called = try reader.u8()
            guard accounts.contains(account), previous.map({ account > $0 }) ?? true, called <= 1,
                size != 0 || cost == 0
            else { throw EngineSnapshot.DecodingError("market \(market): position of \(account) is invalid") }
            previous = account
            openInterest += Int128(size)
            let position = perpetual.pointee.pointer(perpetual.pointee.slotCreating(account))
            position.pointee.size = size
            position.pointee.cost = cost
            position.pointee.collateral = collateral
            rekey(market: market, account: account)
            if called == 1 {
                position.pointee.called = true
                perpetual.pointee.longCalls.remove(slot: perpetual.pointee.slot(of: account))
                perpetual.pointee.shortCalls.remove(slot: perpetual.pointee.slot(of: account))
            }
        }
        guard openInterest == 0 else {
            throw EngineSnapshot.DecodingError("market \(market): long and short open interest differ")
        }
    }

    /// Per quote asset, what perpetual positions hold: collateral less entry value (zero-sum positions make
    /// this their worth at any common price).
    func perpetualHoldings(into held: inout [Int128]) {
        for market in perpetualMarkets {
            let perpetual = perpetuals + market
            for slot in 0..<Int32(perpetual.pointee.positionCount) {
                let position = perpetual.pointee.positions[slot]
                held[rules[market].quoteAsset] += Int128(position.collateral) - Int128(position.cost)
            }
        }
    }
}
