/// Remembers which balances a command touched, and their values before, so that only real changes are
/// reported, in ascending (account, asset) order.
struct BalanceLog {
    private struct Touched: BitwiseCopyable {
        var index: Int
        var available: Int64
        var reserved: Int64
    }

    private let assetCount: Int
    /// The command number that last touched each balance, so each is logged once per command.
    private var stamps: UnsafeGrowableBuffer<UInt64>
    private var touched: [Touched] = []
    private var command: UInt64 = 1

    init(assetCount: Int) {
        self.assetCount = assetCount
        stamps = UnsafeGrowableBuffer(capacity: 64 * assetCount, filling: 0)
        touched.reserveCapacity(256)
    }

    mutating func grow(toAccounts count: Int) {
        stamps.grow(toAtLeast: count * assetCount, filling: 0)
    }

    mutating func beginCommand() {
        command += 1
        touched.removeAll(keepingCapacity: true)
    }

    /// Logs a balance before its first change in this command.
    @inline(__always) mutating func willChange(_ index: Int, available: Int64, reserved: Int64) {
        guard stamps[index] != command else { return }
        stamps[index] = command
        touched.append(Touched(index: index, available: available, reserved: reserved))
    }

    /// Calls `body` for every logged balance whose value changed, in ascending index order.
    mutating func forEachChange(
        available: UnsafeGrowableBuffer<Int64>, reserved: UnsafeGrowableBuffer<Int64>,
        _ body: (Int, Int64, Int64) -> Void
    ) {
        guard !touched.isEmpty else { return }
        if touched.count > 32 {
            touched.sort { $0.index < $1.index }
        } else if touched.count > 1 {
            sortTouched()
        }
        for entry in touched where available[entry.index] != entry.available || reserved[entry.index] != entry.reserved {
            body(entry.index, available[entry.index], reserved[entry.index])
        }
    }

    /// Insertion sort: most commands touch only a handful of balances.
    private mutating func sortTouched() {
        touched.withUnsafeMutableBufferPointer { entries in
            for position in 1..<entries.count {
                let entry = entries[position]
                var hole = position
                while hole > 0 && entries[hole - 1].index > entry.index {
                    entries[hole] = entries[hole - 1]
                    hole -= 1
                }
                entries[hole] = entry
            }
        }
    }

    func deallocate() {
        stamps.deallocate()
    }
}
