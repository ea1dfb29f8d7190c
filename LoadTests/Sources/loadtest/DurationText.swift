/// Durations for people: "850 ns", "12.3 µs", "4.56 ms", "1.23 s" (three significant digits, at most).
enum DurationText {
    static func nanoseconds(_ value: Int) -> String {
        let units: [(limit: Int, divisor: Int, unit: String)] = [
            (1_000, 1, "ns"), (1_000_000, 1_000, "µs"), (1_000_000_000, 1_000_000, "ms"),
        ]
        for (limit, divisor, unit) in units where abs(value) < limit {
            return scaled(value, divisor) + " " + unit
        }
        return scaled(value, 1_000_000_000) + " s"
    }

    /// `value / divisor` with two decimals below 10, one below 100, none above.
    private static func scaled(_ value: Int, _ divisor: Int) -> String {
        guard divisor > 1 else { return value.description }
        let magnitude = abs(value) / divisor
        let places = magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0
        return FixedDecimal(value, over: divisor, places: places).description
    }
}
