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
    /// The largest order storage the benchmark allocates up front: 2^24 orders take about 2.1 GB (order slots and
    /// the two order indexes). A longer run grows the storage beyond it, and the growth shows in its latency.
    static let maxOrderCapacity = 1 << 24
    /// Resting orders per second of CPU time that the closed-loop storage is sized for: half as many again as
    /// we measured (5.5 million inserts per second, 49 % of them resting); the power of two adds more headroom.
    static let restingOrdersPerCPUSecond = 4_000_000

    private var random: RandomSource
    private var built: UInt64 = 0
    /// The current block.
    private(set) var block: [Command] = []

    init(seed: UInt64) {
        random = RandomSource(seed: seed)
    }

    /// Storage for the resting orders of `orders` inserts (at most all of them rest), as a power of two.
    static func orderCapacity(orders: Int) -> Int {
        var capacity = 1 << 16
        while capacity < orders && capacity < maxOrderCapacity { capacity *= 2 }
        return capacity
    }

    /// Storage for the resting orders of a closed-loop run of `cpuNanoseconds`.
    static func orderCapacity(cpuNanoseconds: UInt64) -> Int {
        let milliseconds = Int(min(cpuNanoseconds, 3_600_000_000_000) / 1_000_000)
        return orderCapacity(orders: milliseconds * restingOrdersPerCPUSecond / 1_000)
    }

    /// The market with storage for `orderCapacity` resting orders allocated up front.
    static func configuration(orderCapacity: Int) -> EngineConfiguration {
        BenchmarkMarket.configuration(referencePrice: referencePrice, accounts: 2, orderCapacity: orderCapacity)
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
