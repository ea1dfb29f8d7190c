/// A seeded xoshiro256** generator: the same seed gives the same stream on every platform and Swift version,
/// which the standard library's generators do not promise.
struct RandomSource {
    private var state0: UInt64
    private var state1: UInt64
    private var state2: UInt64
    private var state3: UInt64

    /// Expands `seed` into the generator's state with SplitMix64, as xoshiro's authors recommend.
    init(seed: UInt64) {
        var splitMix = seed
        state0 = Self.splitMix64(&splitMix)
        state1 = Self.splitMix64(&splitMix)
        state2 = Self.splitMix64(&splitMix)
        state3 = Self.splitMix64(&splitMix)
    }

    /// The next 64 uniformly distributed bits.
    mutating func next() -> UInt64 {
        let result = rotateLeft(state1 &* 5, by: 7) &* 9
        let shifted = state1 << 17
        state2 ^= state0
        state3 ^= state1
        state1 ^= state2
        state0 ^= state3
        state2 ^= shifted
        state3 = rotateLeft(state3, by: 45)
        return result
    }

    /// A uniform integer in `0..<bound` (`bound > 0`), without modulo bias (Lemire's multiply-shift method).
    mutating func below(_ bound: Int) -> Int {
        let limit = UInt64(bound)
        var product = next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold {
                product = next().multipliedFullWidth(by: limit)
            }
        }
        return Int(product.high)
    }

    /// `floor(u * u * scale)` for `u` uniform in [0, 1) at 53-bit resolution (what Java's `nextDouble` draws),
    /// computed exactly with integers.
    mutating func squaredUnit(times scale: Int) -> Int {
        let unit = UInt128(next() >> 11)
        return Int((unit * unit * UInt128(scale)) >> 106)
    }

    private static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    private func rotateLeft(_ value: UInt64, by bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }
}
