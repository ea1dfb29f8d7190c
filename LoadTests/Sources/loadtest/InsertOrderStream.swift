import TandemEngine

/// liquibook's insert workload (BRIEF section 3): GTC limit orders alternating buy and sell, buys at
/// `1880 + rand(10)`, sells at `1884 + rand(10)`, quantity `(rand(10) + 1) * 100`.
///
/// Orders are built a block at a time, before the block is timed. Buys come from one account and sells from
/// another, so self-trade prevention never applies (liquibook has none).
struct InsertOrderStream {
    static let buyer: UInt32 = 1
    static let seller: UInt32 = 2
    /// Orders per block: 2^20 commands, about 60 MB.
    static let blockSize = 1 << 20
    static let referencePrice: Int64 = 1_886
    /// Deposits far beyond what any run can reserve (10^8 orders reserve less than 10^14 of either asset).
    static let funding: Int64 = 1 << 60

    private var random: RandomSource
    private var built: UInt64 = 0
    /// The current block.
    private(set) var block: [Command] = []

    init(seed: UInt64) {
        random = RandomSource(seed: seed)
    }

    static var configuration: EngineConfiguration {
        BenchmarkMarket.configuration(referencePrice: referencePrice, accounts: 2)
    }

    static var setup: [Command] {
        BenchmarkMarket.funding(accounts: buyer...seller, base: funding, quote: funding)
    }

    /// Replaces the block with the next `count` orders, reusing its storage.
    mutating func refill(count: Int) {
        block.removeAll(keepingCapacity: true)
        for _ in 0..<count {
            let isBuy = built % 2 == 0
            let price = Int64((isBuy ? 1_880 : 1_884) + random.below(10))
            let quantity = Int64((random.below(10) + 1) * 100)
            built += 1
            block.append(
                .newOrder(
                    NewOrder(
                        account: isBuy ? Self.buyer : Self.seller, market: BenchmarkMarket.market,
                        clientOrderId: built, side: isBuy ? .buy : .sell, price: price, quantity: quantity)))
        }
    }
}
