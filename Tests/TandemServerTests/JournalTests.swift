import TandemClient
import TandemJSON
import TandemServer
import TandemWire
import Testing

/// The server with a data directory: what it acknowledged survives a restart.
@Suite(.serialized) struct JournalTests {
    @Test func aRestartedServerHasTheOrdersItAcknowledged() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var options = ServerOptions()
        options.dataDirectory = directory.path
        let first = try ServerFixture(options: options)
        let maker = try first.orderEntry(account: 1)
        try maker.newOrder(market: 0, side: .sell, price: ServerFixture.dollars(1_010), quantity: 2 * ServerFixture.lot)
        try maker.flush(timeout: .seconds(5))
        _ = try maker.first { $0.messageType == .orderAccepted ? true : nil }
        try maker.logout()
        #expect(try first.metric("tandem_journal_durable_sequence") > 0)
        first.stop()

        let second = try ServerFixture(options: options)
        defer { second.stop() }
        #expect(second.server.startupReport?.contains("recovered") == true)
        let taker = try second.orderEntry(account: 2)
        try taker.newOrder(
            market: 0, side: .buy, price: ServerFixture.dollars(1_010), quantity: ServerFixture.lot, timeInForce: .ioc)
        try taker.flush(timeout: .seconds(5))
        #expect(try taker.first(fill).liquidity == .bookTaker)
    }

    @Test func aDataDirectoryOfAnotherConfigurationIsRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var options = ServerOptions()
        options.dataDirectory = directory.path
        try ServerFixture(options: options).stop()
        let other = try ServerConfiguration.decode(
            ServerFixture.configurationJSON.replacing("\"taker_fee_ppm\": 0}", with: "\"taker_fee_ppm\": 5}"))
        #expect(throws: ServerError.self) { _ = try Server(configuration: other, options: options) }
    }
}
