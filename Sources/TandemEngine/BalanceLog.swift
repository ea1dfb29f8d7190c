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
    private var touched: UnsafeGrowableBuffer<Touched>
    private var touchedCount = 0
    private var command: UInt64 = 1

    init(assetCount: Int) {
        self.assetCount = assetCount
        stamps = UnsafeGrowableBuffer(capacity: 64 * assetCount, filling: 0)
        touched = UnsafeGrowableBuffer(capacity: 256, filling: Touched(index: 0, available: 0, reserved: 0))
    }

    mutating func grow(toAccounts count: Int) {
        stamps.grow(toAtLeast: count * assetCount, filling: 0)
    }

    mutating func beginCommand() {
        command += 1
        touchedCount = 0
    }

    /// Logs a balance before its first change in this command.
    @inline(__always) mutating func willChange(_ index: Int, available: Int64, reserved: Int64) {
        guard stamps[index] != command else { return }
        stamps[index] = command
        if touchedCount == touched.capacity {
            touched.grow(toAtLeast: touchedCount + 1, filling: Touched(index: 0, available: 0, reserved: 0))
        }
        touched[touchedCount] = Touched(index: index, available: available, reserved: reserved)
        touchedCount += 1
    }

    /// Calls `body` for every logged balance whose value changed, in ascending index order.
    mutating func forEachChange(
        available: UnsafeGrowableBuffer<Int64>, reserved: UnsafeGrowableBuffer<Int64>,
        _ body: (Int, Int64, Int64) -> Void
    ) {
        guard touchedCount > 0 else { return }
        var entries = UnsafeMutableBufferPointer(start: touched.base, count: touchedCount)
        if touchedCount > 32 {
            entries.sort { $0.index < $1.index }
        } else if touchedCount > 1 {
            Self.insertionSort(entries)
        }
        for entry in entries where available[entry.index] != entry.available || reserved[entry.index] != entry.reserved {
            body(entry.index, available[entry.index], reserved[entry.index])
        }
    }

    /// Insertion sort: most commands touch only a handful of balances.
    private static func insertionSort(_ entries: UnsafeMutableBufferPointer<Touched>) {
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

    func deallocate() {
        stamps.deallocate()
        touched.deallocate()
    }
}
