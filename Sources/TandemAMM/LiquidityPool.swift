/// A pool's liquidity ledger: the curve, LP shares, and LP fees held outside the reserves.
///
/// Fees are distributed through fee-growth-per-share accumulators (64 fraction bits), so a provider only
/// earns fees charged while it held shares; each removal pays out what its position has earned.
public struct LiquidityPool: Sendable, Equatable {
    /// Shares minted on the first deposit and locked forever, so the reserves can never be drained.
    public static let lockedShares: Int64 = 1_000

    /// One provider's shares and what it has earned.
    public struct Position: Sendable, Equatable {
        public var account: UInt32
        public var shares: Int64
        /// The pool's fee growth when the position last settled, and the fees it had earned by then.
        public internal(set) var baseGrowth: UInt128
        public internal(set) var quoteGrowth: UInt128
        public internal(set) var owedBase: Int64
        public internal(set) var owedQuote: Int64

        /// A position as a snapshot recorded it.
        public init(
            account: UInt32, shares: Int64, baseGrowth: UInt128, quoteGrowth: UInt128, owedBase: Int64,
            owedQuote: Int64
        ) {
            self.account = account
            self.shares = shares
            self.baseGrowth = baseGrowth
            self.quoteGrowth = quoteGrowth
            self.owedBase = owedBase
            self.owedQuote = owedQuote
        }
    }

    /// What a deposit took and minted.
    public struct Deposit: Sendable, Equatable {
        public var base: Int64
        public var quote: Int64
        public var shares: Int64
    }

    /// What a removal paid out: the share of reserves plus earned fees.
    public struct Withdrawal: Sendable, Equatable {
        public var base: Int64
        public var quote: Int64
        public var feeBase: Int64
        public var feeQuote: Int64
    }

    public var curve: ConstantProductPool
    public private(set) var totalShares: Int64 = 0
    /// LP fees charged and not yet paid out (including what locked shares earn and rounding dust).
    public private(set) var heldFeeBase: Int64 = 0
    public private(set) var heldFeeQuote: Int64 = 0
    private var baseGrowth: UInt128 = 0
    private var quoteGrowth: UInt128 = 0
    /// Positions sorted by account: lookups by binary search, iteration in a stable order.
    public private(set) var positions: [Position] = []

    public init(feePPM: Int64, lotSize: Int64) {
        curve = ConstantProductPool(base: 0, quote: 0, feePPM: feePPM, lotSize: lotSize)
    }

    /// A pool as a snapshot recorded it: `feeGrowth` and the public members are its whole state.
    ///
    /// - Precondition: `positions` are sorted by account, each account once.
    public init(
        curve: ConstantProductPool, totalShares: Int64, heldFeeBase: Int64, heldFeeQuote: Int64,
        feeGrowth: (base: UInt128, quote: UInt128), positions: [Position]
    ) {
        self.curve = curve
        self.totalShares = totalShares
        self.heldFeeBase = heldFeeBase
        self.heldFeeQuote = heldFeeQuote
        baseGrowth = feeGrowth.base
        quoteGrowth = feeGrowth.quote
        self.positions = positions
    }

    /// The LP fees earned per share so far (64 fraction bits), in base and in quote.
    public var feeGrowth: (base: UInt128, quote: UInt128) { (baseGrowth, quoteGrowth) }

    /// The shares an account holds.
    public func shares(of account: UInt32) -> Int64 {
        let index = positionIndex(account)
        return index < positions.count && positions[index].account == account ? positions[index].shares : 0
    }

    // MARK: Fees

    /// Records an LP fee charged in base.
    public mutating func accrueBaseFee(_ fee: Int64) {
        heldFeeBase += fee
        if totalShares > 0 { baseGrowth += (UInt128(fee) << 64) / UInt128(totalShares) }
    }

    /// Records an LP fee charged in quote.
    public mutating func accrueQuoteFee(_ fee: Int64) {
        heldFeeQuote += fee
        if totalShares > 0 { quoteGrowth += (UInt128(fee) << 64) / UInt128(totalShares) }
    }

    // MARK: Deposits and withdrawals

    /// The amounts a deposit of at most `maxBase` and `maxQuote` takes, and the shares it mints.
    ///
    /// The first deposit takes both amounts and sets the price; later ones take amounts at the current
    /// ratio, rounded up, for the shares the scarcer side pays for, rounded down.
    public func quoteDeposit(maxBase: Int64, maxQuote: Int64, minShares: Int64) throws(LiquidityError) -> Deposit {
        let deposit: Deposit
        if totalShares == 0 {
            let root = Self.squareRoot(UInt128(maxBase) * UInt128(maxQuote))
            deposit = Deposit(base: maxBase, quote: maxQuote, shares: Int64(root) - Self.lockedShares)
        } else {
            let byBase = UInt128(maxBase) * UInt128(totalShares) / UInt128(curve.base)
            let byQuote = UInt128(maxQuote) * UInt128(totalShares) / UInt128(curve.quote)
            let shares = min(byBase, byQuote)
            deposit = Deposit(
                base: Int64(ConstantProductPool.divideUp(shares * UInt128(curve.base), UInt128(totalShares))),
                quote: Int64(ConstantProductPool.divideUp(shares * UInt128(curve.quote), UInt128(totalShares))),
                shares: Int64(shares))
        }
        guard deposit.shares > 0 else { throw .liquidityTooSmall }
        guard deposit.shares >= minShares else { throw .slippage }
        guard deposit.base <= ConstantProductPool.maxReserve - curve.base,
            deposit.quote <= ConstantProductPool.maxReserve - curve.quote
        else { throw .reserveTooLarge }
        return deposit
    }

    /// Adds a quoted deposit to the reserves and credits its shares to `account`.
    public mutating func apply(_ deposit: Deposit, account: UInt32) {
        if totalShares == 0 { totalShares = Self.lockedShares }
        curve.base += deposit.base
        curve.quote += deposit.quote
        let index = settledPosition(account)
        positions[index].shares += deposit.shares
        totalShares += deposit.shares
    }

    /// What removing `shares` of `account` would pay, checked against the minimums.
    public func quoteWithdrawal(
        account: UInt32, shares: Int64, minBase: Int64, minQuote: Int64
    ) throws(LiquidityError) -> Withdrawal {
        guard totalShares > 0 else { throw .emptyPool }
        let index = positionIndex(account)
        guard shares > 0, index < positions.count, positions[index].account == account,
            positions[index].shares >= shares
        else { throw .insufficientShares }
        let earned = earnedFees(positions[index])
        let withdrawal = Withdrawal(
            base: Int64(UInt128(shares) * UInt128(curve.base) / UInt128(totalShares)),
            quote: Int64(UInt128(shares) * UInt128(curve.quote) / UInt128(totalShares)),
            feeBase: earned.base, feeQuote: earned.quote)
        guard withdrawal.base + withdrawal.feeBase >= minBase, withdrawal.quote + withdrawal.feeQuote >= minQuote
        else { throw .slippage }
        return withdrawal
    }

    /// Takes a quoted withdrawal out of the reserves and fees, and burns the shares.
    public mutating func apply(_ withdrawal: Withdrawal, account: UInt32, shares: Int64) {
        let index = settledPosition(account)
        positions[index].shares -= shares
        positions[index].owedBase = 0
        positions[index].owedQuote = 0
        if positions[index].shares == 0 { positions.remove(at: index) }
        totalShares -= shares
        curve.base -= withdrawal.base
        curve.quote -= withdrawal.quote
        heldFeeBase -= withdrawal.feeBase
        heldFeeQuote -= withdrawal.feeQuote
    }

    // MARK: Internals

    private func positionIndex(_ account: UInt32) -> Int {
        var low = 0
        var high = positions.count
        while low < high {
            let middle = (low + high) / 2
            if positions[middle].account < account { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// What a position has earned so far, rounded down.
    private func earnedFees(_ position: Position) -> (base: Int64, quote: Int64) {
        let base = Self.fraction(position.shares, baseGrowth - position.baseGrowth)
        let quote = Self.fraction(position.shares, quoteGrowth - position.quoteGrowth)
        return (position.owedBase + base, position.owedQuote + quote)
    }

    /// The account's position with its earnings brought up to date, created empty if needed.
    private mutating func settledPosition(_ account: UInt32) -> Int {
        let index = positionIndex(account)
        if index == positions.count || positions[index].account != account {
            positions.insert(
                Position(
                    account: account, shares: 0, baseGrowth: baseGrowth, quoteGrowth: quoteGrowth, owedBase: 0,
                    owedQuote: 0), at: index)
            return index
        }
        let earned = earnedFees(positions[index])
        positions[index].owedBase = earned.base
        positions[index].owedQuote = earned.quote
        positions[index].baseGrowth = baseGrowth
        positions[index].quoteGrowth = quoteGrowth
        return index
    }

    /// `floor(shares * growth / 2^64)`, through a 256-bit product.
    private static func fraction(_ shares: Int64, _ growth: UInt128) -> Int64 {
        let (high, low) = UInt128(shares).multipliedFullWidth(by: growth)
        return Int64(truncatingIfNeeded: (high << 64) | (low >> 64))
    }

    /// `floor(sqrt(value))` by Newton's method on integers.
    static func squareRoot(_ value: UInt128) -> UInt128 {
        guard value > 1 else { return value }
        var estimate = UInt128(1) << ((UInt128.bitWidth - value.leadingZeroBitCount) / 2 + 1)
        while true {
            let next = (estimate + value / estimate) / 2
            if next >= estimate { return estimate }
            estimate = next
        }
    }
}
