import TandemEngine
import XCTest

@testable import TandemJournal

/// The record payloads: CRC-32C, commands, events and the configuration survive their binary form exactly.
final class CodecTests: XCTestCase {
    func testTheCRC32CInUseAgreesWithTheTableDrivenOne() {
        var random = SplitMix64(seed: 11)
        for length in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 63, 64, 65, 78, 1_000, 4_099] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var inUse = CRC32C()
            var table = CRC32C()
            bytes.withUnsafeBytes { buffer in
                inUse.update(buffer)
                if let base = buffer.baseAddress { table.updateByTable(base, count: buffer.count) }
            }
            XCTAssertEqual(inUse.value, table.value, "\(length) bytes")
        }
    }

    func testCRC32CMatchesTheStandardCheckValues() {
        let check = Array("123456789".utf8)
        XCTAssertEqual(check.withUnsafeBytes { CRC32C.checksum($0) }, 0xE306_9283)
        let zeros = [UInt8](repeating: 0, count: 32)
        XCTAssertEqual(zeros.withUnsafeBytes { CRC32C.checksum($0) }, 0x8A91_36AA)
        // Updating piece by piece gives the checksum of the whole, whatever the split.
        let text = Array("The quick brown fox jumps over the lazy dog, twice over.".utf8)
        let whole = text.withUnsafeBytes { CRC32C.checksum($0) }
        for split in 0...text.count {
            var crc = CRC32C()
            text.withUnsafeBytes { bytes in
                crc.update(UnsafeRawBufferPointer(rebasing: bytes[..<split]))
                crc.update(UnsafeRawBufferPointer(rebasing: bytes[split...]))
            }
            XCTAssertEqual(crc.value, whole)
        }
    }

    func testEveryGeneratedCommandAndEventRoundTrips() throws {
        let engine = try Engine(configuration: JournalFixture.configuration)
        var generator = CommandGenerator(seed: 17)
        var kinds = Set<UInt8>()
        for step in 0..<4_000 {
            let command = generator.next(engine: engine)
            engine.apply(command, timestamp: UInt64(step))
            XCTAssertEqual(try roundTrip(command), command)
            XCTAssertEqual(try roundTrip(engine.events, timestamp: UInt64(step)), engine.events)
            for event in engine.events { kinds.insert(eventKind(event.body)) }
        }
        XCTAssertEqual(kinds.count, 10, "every event kind was produced and round-tripped")
    }

    func testOptionalAndExtremeFieldsRoundTrip() throws {
        let commands: [Command] = [
            .newOrder(
                NewOrder(
                    account: .max, market: Int.min, clientOrderId: .max, side: .sell, type: .market,
                    timeInForce: .fok, postOnly: true, price: .min, quantity: .max, selfTradePrevention: .decrementBoth,
                    reduceOnly: true)),
            .replace(ReplaceOrder(account: 1, order: .orderId(.max))),
            .replace(ReplaceOrder(account: 1, order: .clientOrderId(0), price: -1, quantity: 0)),
            .massCancel(MassCancel(account: 2)),
            .massCancel(MassCancel(account: 2, market: -1, side: .buy)),
            .cancel(CancelOrder(account: 0, order: .clientOrderId(42))),
            .withdraw(Transfer(account: 3, asset: Int.max, amount: .min)),
            .addLiquidity(AddLiquidity(account: 1, market: 9, maxBase: 1, maxQuote: 2, minShares: -3)),
            .removeLiquidity(RemoveLiquidity(account: 1, market: 9, shares: 1, minBase: 2, minQuote: 3)),
        ]
        for command in commands { XCTAssertEqual(try roundTrip(command), command) }
        let events = [
            Event(
                sequence: 7, timestamp: 9,
                body: .massCancelDone(MassCancelDone(account: 1, market: nil, side: nil, count: 0))),
            Event(
                sequence: 8, timestamp: 9,
                body: .massCancelDone(MassCancelDone(account: 1, market: 3, side: .sell, count: 12))),
        ]
        XCTAssertEqual(try roundTrip(events, timestamp: 9), events)
    }

    func testPerpetualCommandsAndEventsRoundTrip() throws {
        for command: Command in [
            .indexPrice(IndexPrice(market: 2, price: 65_000_000_000)),
            .indexPrice(IndexPrice(market: Int.min, price: .min)),
            .adjustMargin(AdjustMargin(account: .max, market: 2, amount: -1)),
            .adjustMargin(AdjustMargin(account: 0, market: Int.max, amount: .max)),
        ] {
            XCTAssertEqual(try roundTrip(command), command)
        }
        let bodies: [EventBody] = [
            .positionUpdate(PositionUpdate(account: .max, market: 2, size: .min, entryPrice: .max, collateral: -1)),
            .marginCall(
                MarginCall(account: 1, market: 2, equity: -7, initialRequirement: .max, maintenanceRequirement: 3)),
            .liquidationStarted(
                LiquidationStarted(
                    account: 4, market: 2, size: -5, markPrice: 6, equity: .min, maintenanceRequirement: 8)),
            .liquidationEnded(LiquidationEnded(account: 4, market: 2, size: 0, collateral: -9, insurancePaid: 10)),
            .insuranceFund(InsuranceFundUpdate(account: 4, market: 2, amount: -11, balance: 12)),
            .deleveraged(
                Deleveraged(
                    tradeId: .max, account: 4, counterparty: .max, market: 2, side: .sell, price: 13, quantity: 14,
                    size: .min)),
            .deleveraged(
                Deleveraged(
                    tradeId: 1, account: 7, counterparty: 4, market: 2, side: .buy, price: 13, quantity: 14, size: 15)),
            .indexPrice(IndexPriceUpdate(market: 2, indexPrice: .max, markPrice: 1)),
        ]
        let events = bodies.enumerated().map { Event(sequence: UInt64(20 + $0.offset), timestamp: 3, body: $0.element) }
        XCTAssertEqual(try roundTrip(events, timestamp: 3), events)
        XCTAssertEqual(Set(bodies.map(eventKind)).count, 7, "every perpetual event kind")
    }

    func testBadPayloadsAreErrorsNotCrashes() throws {
        let command = Command.newOrder(
            NewOrder(account: 1, market: 0, clientOrderId: 1, side: .buy, price: 1, quantity: 1))
        var bytes = encode(command)
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try bytes.prefix(length).withUnsafeBytes { try CommandCodec.decode($0) })
        }
        bytes[0] = 99
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try CommandCodec.decode($0) })
    }

    func testTheConfigurationSurvivesItsJSONForm() throws {
        let payload = try ConfigurationRecord.encode(JournalFixture.configuration)
        XCTAssertEqual(try payload.withUnsafeBytes { try ConfigurationRecord.decode($0) }, JournalFixture.configuration)
        var clash = JournalFixture.configuration
        clash.assets[1].symbol = "BTC"
        XCTAssertThrowsError(try ConfigurationRecord.encode(clash))
    }

    func testAPerpetualConfigurationSurvivesItsJSONForm() throws {
        var configuration = JournalFixture.configuration
        configuration.insuranceFundAccount = 8
        configuration.markets[0].perpetual = PerpetualConfiguration(
            initialMarginPPM: 100_000, maintenanceMarginPPM: 50_000, marginCallPPM: 75_000,
            liquidationSpreadPPM: 10_000, vaultAccount: 9)
        let text = ConfigurationEncoder.encode(configuration)
        XCTAssertTrue(text.contains(#""insurance_fund_account":8"#), text)
        XCTAssertTrue(
            text.contains(
                #""perpetual":{"initial_margin_ppm":100000,"maintenance_margin_ppm":50000,"margin_call_ppm":75000,"#
                    + #""liquidation_spread_ppm":10000,"vault_account":9}"#), text)
        let payload = try ConfigurationRecord.encode(configuration)
        XCTAssertEqual(try payload.withUnsafeBytes { try ConfigurationRecord.decode($0) }, configuration)
        // Without perpetual markets or a fund the text is what it always was.
        XCTAssertFalse(ConfigurationEncoder.encode(JournalFixture.configuration).contains("insurance_fund"))
    }

    // MARK: - Helpers

    private func encode(_ command: Command) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: CommandCodec.size(command))
        bytes.withUnsafeMutableBytes { buffer in
            var writer = PayloadWriter(buffer.baseAddress!)
            CommandCodec.encode(command, to: &writer)
            XCTAssertEqual(writer.offset, buffer.count, "size(\(command)) is exact")
        }
        return bytes
    }

    private func roundTrip(_ command: Command) throws -> Command {
        try encode(command).withUnsafeBytes { try CommandCodec.decode($0) }
    }

    private func roundTrip(_ events: [Event], timestamp: UInt64) throws -> [Event] {
        var size = EventCodec.headerSize
        for event in events { size += EventCodec.size(event.body) }
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { buffer in
            var writer = PayloadWriter(buffer.baseAddress!)
            EventChunks.encode(events[...], to: &writer)
            XCTAssertEqual(writer.offset, size)
        }
        var decoded: [Event] = []
        try bytes.withUnsafeBytes { try EventCodec.decode($0, timestamp: timestamp, into: &decoded) }
        return decoded
    }

    private func eventKind(_ body: EventBody) -> UInt8 {
        switch body {
        case .accepted: 1
        case .rejected: 2
        case .fill: 3
        case .poolFill: 4
        case .canceled: 5
        case .replaced: 6
        case .massCancelDone: 7
        case .balance: 8
        case .liquidityAdded: 9
        case .liquidityRemoved: 10
        case .positionUpdate: 11
        case .marginCall: 12
        case .liquidationStarted: 13
        case .liquidationEnded: 14
        case .insuranceFund: 15
        case .deleveraged: 16
        case .indexPrice: 17
        }
    }
}
