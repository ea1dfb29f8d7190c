@testable import TandemEngine

/// The reference engine's constant-product pool and LP ledger, written from `Protocol/ENGINE.md` alone.
///
/// It shares no code with `TandemAMM`. Every chunk is found by asking lot by lot (k = 1, 2, ...) whether the
/// lot's exact cost beats the bound, by cross-multiplication in `Int128`, and then shrunk by the rounding guard.
/// To keep those products inside `Int128` it only accepts small pools, checked at every comparison:
/// - `X * Y * L < 2^87`, so a sell's `X*Y*L*(1e6-f)*1e6` stays below 2^127 (1e6 < 2^20) and a buy's
///   `X*Y*L*1e6` below 2^107;
/// - `P * (X + kL)^2 < 2^86` for a lot price `P`, so a sell's `P*(X*1e6+(k-1)L(1e6-f))*(X*1e6+kL(1e6-f))`,
///   at most `P*((X+kL)*1e6)^2`, stays below 2^126 and a buy's `P*(1e6-f)*(X-kL)*(X-(k-1)L)` below 2^106.
/// The differential test's pools are far inside: reserves below 2^32, lots of at most 2^10 units, lot prices
/// below 2^23. The LP fee growth products need no bound: `shares * growth / 2^64` never exceeds the fees
/// charged, and any overflow would trap rather than pass unnoticed.
struct ReferencePool {
    struct Position: Equatable {
        var account: UInt32
        var shares: Int64
        /// Fee growth (Q64) at the last update of this position, and what it had earned by then.
        var growthBaseSeen: Int128
        var growthQuoteSeen: Int128
        var earnedBase: Int64
        var earnedQuote: Int64
    }

    /// What an add takes and mints.
    struct Deposit: Equatable {
        var base: Int64
        var quote: Int64
        var shares: Int64
    }

    /// What a removal pays: the share of the reserves and the position's earned fees.
    struct Withdrawal: Equatable {
        var base: Int64
        var quote: Int64
        var feeBase: Int64
        var feeQuote: Int64
    }

    /// One traded chunk: the quote paid (buy, LP fee included) or received (sell), and the LP fee.
    struct Swap: Equatable {
        var quoteAmount: Int64
        var lpFee: Int64
    }

    static let lockedShares: Int64 = 1_000
    private static let million: Int128 = 1_000_000
    private static let reserveCeiling: Int128 = 1 << 62
    private static let q64: Int128 = 1 << 64

    let feePPM: Int64
    let lotSize: Int64
    private(set) var base: Int64 = 0
    private(set) var quote: Int64 = 0
    /// All shares, the 1,000 locked ones included.
    private(set) var totalShares: Int64 = 0
    private(set) var heldFeeBase: Int64 = 0
    private(set) var heldFeeQuote: Int64 = 0
    private var growthBase: Int128 = 0
    private var growthQuote: Int128 = 0
    /// In ascending account order.
    private(set) var positions: [Position] = []

    init(feePPM: Int64, lotSize: Int64) {
        self.feePPM = feePPM
        self.lotSize = lotSize
    }

    func shares(of account: UInt32) -> Int64 { positions.first { $0.account == account }?.shares ?? 0 }

    // MARK: - Exact lot costs

    /// Whether a taker buying lot `k` from the pool pays less than `pricePerLot` (at most it if `inclusive`).
    ///
    /// Lot k costs `X*Y*L*1e6 / ((1e6 - f) * (X - kL) * (X - (k-1)L))`, which needs `X - kL > 0`.
    func buyLotQualifies(_ k: Int64, pricePerLot: Int64, inclusive: Bool) -> Bool {
        checkBounds(k: k, pricePerLot: pricePerLot)
        let (x, y, lot) = (Int128(base), Int128(quote), Int128(lotSize))
        let after = x - Int128(k) * lot
        guard after > 0 else { return false }
        let cost = x * y * lot * Self.million
        let budget = Int128(pricePerLot) * (Self.million - Int128(feePPM)) * after * (after + lot)
        return inclusive ? cost <= budget : cost < budget
    }

    /// Whether a taker selling lot `k` to the pool gets more than `pricePerLot` (at least it if `inclusive`).
    ///
    /// With `L' = L(1e6 - f)/1e6`, lot k yields `X*Y*L' / ((X + (k-1)L') * (X + kL'))`; both sides are
    /// multiplied by `1e6^2` to stay in integers.
    func sellLotQualifies(_ k: Int64, pricePerLot: Int64, inclusive: Bool) -> Bool {
        checkBounds(k: k, pricePerLot: pricePerLot)
        let (x, y, lot) = (Int128(base), Int128(quote), Int128(lotSize))
        let netLot = lot * (Self.million - Int128(feePPM))
        let proceeds = x * y * netLot * Self.million
        let before = x * Self.million + Int128(k - 1) * netLot
        let wanted = Int128(pricePerLot) * before * (before + netLot)
        return inclusive ? proceeds >= wanted : proceeds > wanted
    }

    private func checkBounds(k: Int64, pricePerLot: Int64) {
        let (x, y, lot, price) = (Int128(base), Int128(quote), Int128(lotSize), Int128(pricePerLot))
        let reach = x + Int128(k) * lot
        precondition(price > 0 && x * y < (1 << 87) / lot, "pool reserves past the oracle's bound")
        precondition(reach < 1 << 43 && reach * reach < (1 << 86) / price, "lot price past the oracle's bound")
    }

    // MARK: - Chunks

    /// The lots the pool gives a taker on `side` (the taker's side) bounded by `pricePerLot`, at most `maxLots`:
    /// the lots one by one while each qualifies, then fewer while the rounded amount is worse than the bound.
    func chunk(takerSide side: Side, pricePerLot: Int64, inclusive: Bool, maxLots: Int64) -> Int64 {
        guard totalShares > 0 else { return 0 }
        var lots: Int64 = 0
        while lots < maxLots {
            let qualifies =
                side == .buy
                ? buyLotQualifies(lots + 1, pricePerLot: pricePerLot, inclusive: inclusive)
                : sellLotQualifies(lots + 1, pricePerLot: pricePerLot, inclusive: inclusive)
            if !qualifies { break }
            lots += 1
        }
        while lots > 0 && !roundedChunkFits(takerSide: side, lots: lots, pricePerLot: pricePerLot) {
            lots -= 1
        }
        return lots
    }

    private func roundedChunkFits(takerSide side: Side, lots: Int64, pricePerLot: Int64) -> Bool {
        guard let swap = side == .buy ? buyQuote(lots: lots) : sellQuote(lots: lots) else { return false }
        let bound = Int128(lots) * Int128(pricePerLot)
        return side == .buy ? Int128(swap.quoteAmount) <= bound : Int128(swap.quoteAmount) >= bound
    }

    /// A buy of `lots` lots: `netIn = ceil(X*Y / (X - B)) - Y`, `lpFee = ceil(netIn * f / (1e6 - f))`.
    func buyQuote(lots: Int64) -> Swap? {
        let (x, y) = (Int128(base), Int128(quote))
        let taken = Int128(lots) * Int128(lotSize)
        guard taken < x else { return nil }
        let netIn = Self.ceilDiv(x * y, x - taken) - y
        let lpFee = Self.ceilDiv(netIn * Int128(feePPM), Self.million - Int128(feePPM))
        return Swap(quoteAmount: Int64(netIn + lpFee), lpFee: Int64(lpFee))
    }

    /// A sell of `lots` lots: `lpFee = ceil(B * f / 1e6)` base, `quoteAmount = Y - ceil(X*Y / (X + B - lpFee))`.
    func sellQuote(lots: Int64) -> Swap? {
        let (x, y) = (Int128(base), Int128(quote))
        let given = Int128(lots) * Int128(lotSize)
        let lpFee = Self.ceilDiv(given * Int128(feePPM), Self.million)
        let netIn = given - lpFee
        guard netIn > 0 else { return nil }
        let out = y - Self.ceilDiv(x * y, x + netIn)
        guard out > 0 else { return nil }
        return Swap(quoteAmount: Int64(out), lpFee: Int64(lpFee))
    }

    /// Trades a chunk that `chunk` allowed; returns what the taker pays or gets.
    mutating func trade(takerSide side: Side, lots: Int64) -> Swap {
        let amount = lots * lotSize
        switch side {
        case .buy:
            let swap = buyQuote(lots: lots)!
            base -= amount
            quote += swap.quoteAmount - swap.lpFee
            heldFeeQuote += swap.lpFee
            growthQuote += Int128(swap.lpFee) * Self.q64 / Int128(totalShares)
            return swap
        case .sell:
            let swap = sellQuote(lots: lots)!
            base += amount - swap.lpFee
            quote -= swap.quoteAmount
            heldFeeBase += swap.lpFee
            growthBase += Int128(swap.lpFee) * Self.q64 / Int128(totalShares)
            return swap
        }
    }

    /// A perpetual vault's virtual curve: reserves and the share count set directly (the vault keeps its own
    /// share ledger; `totalShares` only has to be positive for the curve to trade).
    mutating func setCurve(base: Int64, quote: Int64, totalShares: Int64) {
        self.base = base
        self.quote = quote
        self.totalShares = totalShares
    }

    // MARK: - Liquidity

    /// What an add of at most these amounts would take and mint, or why it is refused (check 5 of add).
    func deposit(maxBase: Int64, maxQuote: Int64, minShares: Int64) -> Result<Deposit, RejectReason> {
        // In Int128 until the checks pass: an absurd add may ask for more than 64 bits of shares.
        let (taken, shares): ((base: Int128, quote: Int128), Int128)
        if totalShares == 0 {
            taken = (Int128(maxBase), Int128(maxQuote))
            shares = Self.squareRoot(Int128(maxBase) * Int128(maxQuote)) - Int128(Self.lockedShares)
        } else {
            let (x, y, s) = (Int128(base), Int128(quote), Int128(totalShares))
            shares = min(Int128(maxBase) * s / x, Int128(maxQuote) * s / y)
            taken = (Self.ceilDiv(shares * x, s), Self.ceilDiv(shares * y, s))
        }
        if shares <= 0 { return .failure(.liquidityTooSmall) }
        if shares < Int128(minShares) { return .failure(.slippage) }
        if Int128(base) + taken.base > Self.reserveCeiling || Int128(quote) + taken.quote > Self.reserveCeiling {
            return .failure(.amountTooLarge)
        }
        return .success(Deposit(base: Int64(taken.base), quote: Int64(taken.quote), shares: Int64(shares)))
    }

    mutating func add(_ deposit: Deposit, account: UInt32) {
        if totalShares == 0 { totalShares = Self.lockedShares }
        base += deposit.base
        quote += deposit.quote
        totalShares += deposit.shares
        let index = updatedPosition(account)
        positions[index].shares += deposit.shares
    }

    /// What removing `shares` of the account's would pay now.
    func withdrawal(account: UInt32, shares: Int64) -> Withdrawal {
        var pool = self
        let position = pool.positions[pool.updatedPosition(account)]
        let (s, burned) = (Int128(totalShares), Int128(shares))
        return Withdrawal(
            base: Int64(burned * Int128(base) / s), quote: Int64(burned * Int128(quote) / s),
            feeBase: position.earnedBase, feeQuote: position.earnedQuote)
    }

    mutating func remove(_ withdrawal: Withdrawal, account: UInt32, shares: Int64) {
        let index = updatedPosition(account)
        base -= withdrawal.base
        quote -= withdrawal.quote
        totalShares -= shares
        heldFeeBase -= withdrawal.feeBase
        heldFeeQuote -= withdrawal.feeQuote
        positions[index].shares -= shares
        positions[index].earnedBase -= withdrawal.feeBase
        positions[index].earnedQuote -= withdrawal.feeQuote
    }

    /// Brings the account's position up to date with the fee growth (creating it if needed); returns its index.
    ///
    /// A position earns `floor(shares * growth / 2^64)` of the growth since its last update.
    private mutating func updatedPosition(_ account: UInt32) -> Int {
        guard let index = positions.firstIndex(where: { $0.account == account }) else {
            let position = Position(
                account: account, shares: 0, growthBaseSeen: growthBase, growthQuoteSeen: growthQuote,
                earnedBase: 0, earnedQuote: 0)
            let index = positions.firstIndex { $0.account > account } ?? positions.count
            positions.insert(position, at: index)
            return index
        }
        let shares = Int128(positions[index].shares)
        positions[index].earnedBase += Int64(shares * (growthBase - positions[index].growthBaseSeen) / Self.q64)
        positions[index].earnedQuote += Int64(shares * (growthQuote - positions[index].growthQuoteSeen) / Self.q64)
        positions[index].growthBaseSeen = growthBase
        positions[index].growthQuoteSeen = growthQuote
        return index
    }

    // MARK: - Integer helpers

    static func ceilDiv(_ a: Int128, _ b: Int128) -> Int128 {
        precondition(a >= 0 && b > 0)
        return (a + b - 1) / b
    }

    /// `floor(sqrt(value))` by bisection.
    static func squareRoot(_ value: Int128) -> Int128 {
        var (low, high): (Int128, Int128) = (0, 1 << 63)
        while low < high {
            let middle = (low + high + 1) / 2
            if middle * middle <= value { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
