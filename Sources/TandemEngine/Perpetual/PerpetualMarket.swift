import TandemAMM

/// A perpetual market's state beside its book: positions, index and mark, the detection heaps and the vault.
///
/// Positions get a slot on an account's first trade or margin in the market and keep it; slot numbers never
/// reach an output (heaps break ties by account, snapshots list positions by account). The engine keeps these in
/// one manually allocated block and reaches them by pointer: no reference counting on the hot path.
struct PerpetualMarket {
    let configuration: PerpetualConfiguration
    private(set) var positions = UnsafeGrowableBuffer(capacity: 64, filling: Position(account: 0))
    private(set) var positionCount = 0
    /// Each account's slot, or -1.
    private var slotOfAccount = UnsafeGrowableBuffer<Int32>(capacity: 64, filling: -1)
    var indexTicks: Int64 = 0
    var markTicks: Int64 = 0
    /// Longs by liquidation threshold (act when threshold >= mark) and shorts by its negation.
    var longLiquidations = TriggerHeap()
    var shortLiquidations = TriggerHeap()
    /// The same for the margin-call threshold, holding positions not called since they last changed.
    var longCalls = TriggerHeap()
    var shortCalls = TriggerHeap()
    /// The vault's LP shares by account, sorted by account, and their total (1,000 of it locked).
    var vaultShares: [(account: UInt32, shares: Int64)] = []
    var totalVaultShares: Int64 = 0

    /// Checks the margin fractions: `0 < maintenance < margin call < initial <= 1e6`, spread in `0..<1e6`.
    init(validating configuration: PerpetualConfiguration, market: String) throws(ConfigurationError) {
        let million = FixedPoint.million
        guard configuration.maintenanceMarginPPM > 0,
            configuration.maintenanceMarginPPM < configuration.marginCallPPM,
            configuration.marginCallPPM < configuration.initialMarginPPM, configuration.initialMarginPPM <= million
        else {
            throw ConfigurationError(
                "market \(market): margins must satisfy 0 < maintenance < margin call < initial <= 1000000 ppm")
        }
        guard (0..<million).contains(configuration.liquidationSpreadPPM) else {
            throw ConfigurationError("market \(market): liquidation spread must be in 0..<1000000 ppm")
        }
        self.configuration = configuration
    }

    /// The placeholder a spot market's entry holds.
    static var spotPlaceholder: PerpetualMarket {
        PerpetualMarket(
            configuration: PerpetualConfiguration(initialMarginPPM: 0, maintenanceMarginPPM: 0, marginCallPPM: 0))
    }

    private init(configuration: PerpetualConfiguration) {
        self.configuration = configuration
    }

    func deallocate() {
        positions.deallocate()
        slotOfAccount.deallocate()
        longLiquidations.deallocate()
        shortLiquidations.deallocate()
        longCalls.deallocate()
        shortCalls.deallocate()
    }

    /// The account's slot, or -1 when it never had a position here.
    @inline(__always) func slot(of account: UInt32) -> Int32 {
        Int(account) < slotOfAccount.capacity ? slotOfAccount[Int(account)] : -1
    }

    /// The account's slot, created flat when needed.
    mutating func slotCreating(_ account: UInt32) -> Int32 {
        let existing = slot(of: account)
        if existing >= 0 { return existing }
        slotOfAccount.grow(toAtLeast: Int(account) + 1, filling: -1)
        positions.grow(toAtLeast: positionCount + 1, filling: Position(account: 0))
        let slot = Int32(positionCount)
        positions[slot] = Position(account: account)
        positionCount += 1
        slotOfAccount[Int(account)] = slot
        return slot
    }

    @inline(__always) func pointer(_ slot: Int32) -> UnsafeMutablePointer<Position> {
        positions.base + Int(slot)
    }

    /// The slots of every position, by ascending account.
    var slotsByAccount: [Int32] {
        (0..<Int32(positionCount)).sorted { positions[$0].account < positions[$1].account }
    }

    func shares(of account: UInt32) -> Int64 {
        vaultShares.first { $0.account == account }?.shares ?? 0
    }

    mutating func addShares(_ shares: Int64, to account: UInt32) {
        totalVaultShares += shares
        if let index = vaultShares.firstIndex(where: { $0.account == account }) {
            vaultShares[index].shares += shares
        } else {
            let index = vaultShares.firstIndex { $0.account > account } ?? vaultShares.count
            vaultShares.insert((account, shares), at: index)
        }
    }

    mutating func removeShares(_ shares: Int64, from account: UInt32) {
        totalVaultShares -= shares
        guard let index = vaultShares.firstIndex(where: { $0.account == account }) else { return }
        vaultShares[index].shares -= shares
        if vaultShares[index].shares == 0 { vaultShares.remove(at: index) }
    }
}
