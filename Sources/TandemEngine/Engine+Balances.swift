extension Engine {
    /// Adds `amount` (which may be negative) to an available balance.
    @inline(__always) func credit(_ account: UInt32, _ asset: Int, _ amount: Int64) {
        let index = accounts.balanceIndex(account, asset)
        balanceLog.willChange(index, available: accounts.available[index], reserved: accounts.reserved[index])
        accounts.available[index] += amount
    }

    /// Moves `amount` from available to reserved.
    @inline(__always) func reserve(_ account: UInt32, _ asset: Int, _ amount: Int64) {
        let index = accounts.balanceIndex(account, asset)
        balanceLog.willChange(index, available: accounts.available[index], reserved: accounts.reserved[index])
        accounts.available[index] -= amount
        accounts.reserved[index] += amount
    }

    /// Releases `released` from reserved and credits `released + extra` to available (extra may be negative).
    @inline(__always) func release(_ account: UInt32, _ asset: Int, _ released: Int64, plus extra: Int64 = 0) {
        let index = accounts.balanceIndex(account, asset)
        balanceLog.willChange(index, available: accounts.available[index], reserved: accounts.reserved[index])
        accounts.reserved[index] -= released
        accounts.available[index] += released + extra
    }

    @inline(__always) func available(_ account: UInt32, _ asset: Int) -> Int64 {
        accounts.available[accounts.balanceIndex(account, asset)]
    }
}
