import Testing

@testable import TandemEngine

/// Event sequence numbers, timestamps, and that `events` holds exactly the last command's events.
@Suite struct EventSequenceTests {
    @Test func sequenceNumbersCountFromOneAcrossCommandsAndRejections() throws {
        let engine = try Engine(configuration: UnitTest.configuration())
        engine.apply(.deposit(Transfer(account: 1, asset: Asset.quote, amount: 1_000)), timestamp: 500)
        #expect(engine.events.map(\.sequence) == [1])
        engine.apply(.deposit(Transfer(account: 1, asset: Asset.quote, amount: 0)), timestamp: 500)
        #expect(engine.events.map(\.sequence) == [2])
        engine.apply(
            .newOrder(NewOrder(account: 1, market: 0, clientOrderId: 1, side: .buy, price: 1_000, quantity: 10)),
            timestamp: 900)
        #expect(engine.events.map(\.sequence) == [3, 4])
        engine.apply(.massCancel(MassCancel(account: 1)), timestamp: 901)
        #expect(engine.events.map(\.sequence) == [5, 6, 7])
        #expect(
            engine.events.map(\.body) == [
                canceled(1, account: 1, .buy, quantity: 10, .massCancel, clientOrderId: 1),
                massCancelDone(1, count: 1),
                balance(1, Asset.quote, available: 1_000),
            ])
    }

    @Test func everyEventCarriesItsCommandsTimestamp() throws {
        let engine = try Engine(configuration: UnitTest.configuration())
        engine.apply(.deposit(Transfer(account: 1, asset: Asset.quote, amount: 1_000)), timestamp: 77)
        #expect(engine.events.map(\.timestamp) == [77])
        engine.apply(.deposit(Transfer(account: 2, asset: Asset.base, amount: 1_000)), timestamp: 77)
        #expect(engine.events.map(\.timestamp) == [77])
        engine.apply(
            .newOrder(NewOrder(account: 2, market: 0, clientOrderId: 1, side: .sell, price: 1_000, quantity: 10)),
            timestamp: 1_234)
        engine.apply(
            .newOrder(NewOrder(account: 1, market: 0, clientOrderId: 1, side: .buy, price: 1_000, quantity: 10)),
            timestamp: 5_000_000_000)
        // Accepted, two fills, five balance updates: fee account quote, buyer base and quote, seller base and quote.
        #expect(engine.events.count == 8)
        #expect(engine.events.allSatisfy { $0.timestamp == 5_000_000_000 })
        #expect(engine.events.map(\.sequence) == Array(5...12))
    }

    @Test func eventsHoldOnlyTheLastCommand() throws {
        let harness = try Harness.funded()
        harness.order(1, .buy, price: 1_000, quantity: 10)
        #expect(harness.cancel(1, .orderId(7)) == [rejected(1, .cancel, .unknownOrder, reference: 7)])
        #expect(harness.engine.events.count == 1)
    }
}
