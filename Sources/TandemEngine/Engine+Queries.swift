/// An account's balance in one asset.
public struct Balance: Sendable, Equatable {
    public var available: Int64
    public var reserved: Int64

    public init(available: Int64, reserved: Int64) {
        self.available = available
        self.reserved = reserved
    }
}

/// One price level of a book, in external units.
public struct BookLevel: Sendable, Equatable {
    public var price: Int64
    public var quantity: Int64
    public var orderCount: Int

    public init(price: Int64, quantity: Int64, orderCount: Int) {
        self.price = price
        self.quantity = quantity
        self.orderCount = orderCount
    }
}

/// A live order on a book, in external units; `quantity` is what remains open.
public struct RestingOrder: Sendable, Equatable {
    public var orderId: UInt64
    public var clientOrderId: UInt64
    public var account: UInt32
    public var side: Side
    public var price: Int64
    public var quantity: Int64

    public init(orderId: UInt64, clientOrderId: UInt64, account: UInt32, side: Side, price: Int64, quantity: Int64) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.account = account
        self.side = side
        self.price = price
        self.quantity = quantity
    }
}

extension Engine {
    /// An account's balance in an asset; nil when the account is not open or the asset unknown.
    public func balance(account: UInt32, asset: Int) -> Balance? {
        guard accounts.contains(account), assetTotals.indices.contains(asset) else { return nil }
        let index = accounts.balanceIndex(account, asset)
        return Balance(available: accounts.available[index], reserved: accounts.reserved[index])
    }

    /// The open accounts, ascending.
    public var openAccounts: [UInt32] {
        (0..<UInt32(accounts.isOpen.capacity)).filter { accounts.contains($0) }
    }

    /// Up to `limit` levels of one side, best price first.
    public func bookLevels(market: Int, side: Side, limit: Int = .max) -> [BookLevel] {
        let book = books[market]
        let rules = rules[market]
        let bookSide = book.side(side)
        return (0..<min(limit, bookSide.count)).map { rank in
            let level = book.level(bookSide.level(rank: rank)).pointee
            return BookLevel(
                price: level.ticks * rules.tickSize, quantity: level.lots * rules.lotSize,
                orderCount: Int(level.count))
        }
    }

    /// Every order of one side in priority order: best price first, oldest first within a level.
    public func restingOrders(market: Int, side: Side) -> [RestingOrder] {
        let book = books[market]
        let rules = rules[market]
        let bookSide = book.side(side)
        var result: [RestingOrder] = []
        for rank in 0..<bookSide.count {
            var slot = book.level(bookSide.level(rank: rank)).pointee.head
            while slot != OrderStore.none {
                let order = orders[slot]
                result.append(
                    RestingOrder(
                        orderId: order.orderId, clientOrderId: order.clientOrderId, account: order.account,
                        side: order.side, price: order.ticks * rules.tickSize, quantity: order.lots * rules.lotSize))
                slot = order.next
            }
        }
        return result
    }

    /// How many orders rest in a market, both sides.
    public func restingOrderCount(market: Int) -> Int {
        books[market].orderCount
    }

    /// How many price levels one side of a market has.
    public func levelCount(market: Int, side: Side) -> Int {
        books[market].side(side).count
    }

    /// The last trade price, in external units; zero before the first trade.
    public func lastTradePrice(market: Int) -> Int64 {
        lastTradeTicks[market] * rules[market].tickSize
    }

    /// A deterministic 64-bit FNV-1a hash of the books, balances and counters: equal states hash equal.
    public func stateHash() -> UInt64 {
        var hash = StateHasher()
        hash.combine(nextSequence, nextOrderId, nextTradeId)
        for market in rules.indices {
            hash.combine(UInt64(bitPattern: lastTradeTicks[market]))
            for side in Side.allCases {
                for order in restingOrders(market: market, side: side) {
                    hash.combine(order.orderId, order.clientOrderId, UInt64(order.account), UInt64(side.rawValue))
                    hash.combine(UInt64(bitPattern: order.price), UInt64(bitPattern: order.quantity))
                }
            }
        }
        for pool in pools {
            guard let pool else { continue }
            hash.combine(UInt64(pool.curve.base), UInt64(pool.curve.quote), UInt64(pool.totalShares))
            hash.combine(UInt64(pool.heldFeeBase), UInt64(pool.heldFeeQuote))
            for position in pool.positions { hash.combine(UInt64(position.account), UInt64(position.shares)) }
        }
        for market in perpetualMarkets {
            let perpetual = perpetuals + market
            hash.combine(UInt64(bitPattern: perpetual.pointee.indexTicks), UInt64(bitPattern: perpetual.pointee.totalVaultShares))
            for holding in perpetual.pointee.vaultShares { hash.combine(UInt64(holding.account), UInt64(holding.shares)) }
            for slot in perpetual.pointee.slotsByAccount where Self.isRecorded(perpetual.pointee.positions[slot]) {
                let position = perpetual.pointee.positions[slot]
                hash.combine(UInt64(position.account), UInt64(bitPattern: position.size))
                hash.combine(UInt64(bitPattern: position.cost), UInt64(bitPattern: position.collateral))
                hash.combine(position.called ? 1 : 0)
            }
        }
        for account in openAccounts {
            hash.combine(UInt64(account), UInt64(accounts.selfTrade[Int(account)].rawValue))
            for asset in assetTotals.indices {
                let index = accounts.balanceIndex(account, asset)
                hash.combine(UInt64(bitPattern: accounts.available[index]), UInt64(bitPattern: accounts.reserved[index]))
            }
        }
        return hash.value
    }
}

/// FNV-1a over 64-bit words, byte by byte: stable across runs and platforms, unlike `Hasher`.
struct StateHasher {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func combine(_ words: UInt64...) {
        for word in words {
            for shift in stride(from: 0, to: 64, by: 8) {
                value = (value ^ ((word >> UInt64(shift)) & 0xFF)) &* 0x0000_0100_0000_01B3
            }
        }
    }
}
