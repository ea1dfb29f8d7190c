import Testing

@testable import TandemEngine

/// The configuration rules ENGINE.md states: whole tick values and the fee ranges.
@Suite struct ConfigurationTests {
    private func engine(adjusting adjust: (inout MarketConfiguration) -> Void) throws -> Engine {
        var market = UnitTest.baseMarket
        adjust(&market)
        return try Engine(configuration: UnitTest.configuration(markets: [market]))
    }

    @Test func unitConfigurationIsValid() throws {
        _ = try Engine(configuration: UnitTest.configuration())
        _ = try Engine(configuration: CommandGenerator.configuration)
    }

    @Test func tickValueMustBeWhole() {
        // 10 * 5 / 100 = 0.5 quote minor units per lot per tick.
        #expect(throws: ConfigurationError.self) { try engine { $0.lotSize = 5 } }
    }

    @Test func feesMustStayInRange() throws {
        #expect(throws: ConfigurationError.self) { try engine { $0.takerFeePPM = -1 } }
        #expect(throws: ConfigurationError.self) { try engine { $0.takerFeePPM = 100_001 } }
        #expect(throws: ConfigurationError.self) { try engine { $0.makerFeePPM = 100_001 } }
        // The rebate may not exceed the taker fee.
        #expect(throws: ConfigurationError.self) { try engine { $0.makerFeePPM = -3_001 } }
        _ = try engine { $0.makerFeePPM = -3_000 }
        _ = try engine {
            $0.takerFeePPM = 100_000
            $0.makerFeePPM = 100_000
        }
        _ = try engine {
            $0.takerFeePPM = 0
            $0.makerFeePPM = 0
        }
    }
}
