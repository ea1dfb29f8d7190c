import Glibc
import TandemClient
import TandemJSON
import TandemServer
import TandemWire

/// A server on ephemeral ports, running its loop on a thread of its own, for one test.
final class ServerFixture: @unchecked Sendable {
    /// The assets BTC and USD, and the opening of the markets array with BOOK-USD, a market without a pool
    /// (book trades only), as market 0.
    static let assetsAndBookMarketJSON = """
          "assets": [{"symbol": "BTC", "decimals": 8}, {"symbol": "USD", "decimals": 6}],
          "markets": [
            {"symbol": "BOOK-USD", "base": "BTC", "quote": "USD", "tick_size": "1", "lot_size": "0.001",
             "min_quantity": "0.001", "max_quantity": "100", "price_band_ppm": 50000, "reference_price": "1000",
             "maker_fee_ppm": 0, "taker_fee_ppm": 0},
        """

    /// Two markets: BOOK-USD and POOL-USD, which has a pool; accounts 1 to 4 funded.
    static let configurationJSON = """
        {
        \(assetsAndBookMarketJSON)
            {"symbol": "POOL-USD", "base": "BTC", "quote": "USD", "tick_size": "1", "lot_size": "0.001",
             "min_quantity": "0.001", "max_quantity": "100", "price_band_ppm": 50000, "reference_price": "1000",
             "maker_fee_ppm": 0, "taker_fee_ppm": 0,
             "pool": {"fee_ppm": 3000, "initial_base": "100", "initial_quote": "100000", "owner": 9}}
          ],
          "accounts": [
            {"id": 1, "api_key": "key-1", "deposits": {"BTC": "1000", "USD": "10000000"}},
            {"id": 2, "api_key": "key-2", "deposits": {"BTC": "1000", "USD": "10000000"}},
            {"id": 3, "api_key": "key-3", "deposits": {"BTC": "1000", "USD": "10000000"}},
            {"id": 4, "api_key": "key-4", "deposits": {"BTC": "1000", "USD": "10000000"}}
          ]
        }
        """

    /// One lot of BTC, and a price of `units` dollars, in minor units.
    static let lot: Int64 = 100_000
    static func dollars(_ units: Int64) -> Int64 { units * 1_000_000 }

    let server: Server
    private var thread = pthread_t()

    /// A server for `configurationJSON` (the fixture's two markets by default).
    init(options: ServerOptions = ServerOptions(), configurationJSON: String = configurationJSON) throws {
        var options = options
        options.orderEntryPort = 0
        options.marketDataPort = 0
        options.metricsPort = 0
        server = try Server(configuration: try ServerConfiguration.decode(configurationJSON), options: options)
        try server.start()
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(
            &thread, nil,
            { context in
                let fixture = Unmanaged<ServerFixture>.fromOpaque(context!).takeRetainedValue()
                fixture.server.run()
                return nil
            }, context)
    }

    /// Stops the server gracefully and waits for its loop to return.
    func stop() {
        server.stop()
        pthread_join(thread, nil)
    }

    func orderEntry(
        account: UInt32, cancelOnDisconnect: Bool = true, session: UInt64 = 0, nextSequence: UInt64 = 0,
        lastClientId: UInt64? = nil
    ) throws -> OrderEntrySession {
        try OrderEntrySession.connect(
            port: Int(server.orderEntryPort), account: account, apiKey: "key-\(account)", session: session,
            nextSequence: nextSequence, cancelOnDisconnect: cancelOnDisconnect, lastClientId: lastClientId)
    }

    func marketData(account: UInt32 = 4) throws -> MarketDataSession {
        try MarketDataSession.connect(port: Int(server.marketDataPort), account: account, apiKey: "key-\(account)")
    }

    func rawConnection(marketData: Bool = false) throws -> WireConnection {
        try WireConnection.connect(
            host: "127.0.0.1", port: Int(marketData ? server.marketDataPort : server.orderEntryPort))
    }
}

/// Retries a login refused because the previous connection's close has not reached the server yet.
func waitForLogin(_ login: () throws -> OrderEntrySession) throws -> OrderEntrySession {
    for _ in 0..<50 {
        do {
            return try login()
        } catch ClientError.loginRejected(.alreadyLoggedIn) {
            usleepMilliseconds(20)
        }
    }
    return try login()
}

extension MessageReceiving {
    /// Waits for the first message `extract` accepts and returns what it extracted.
    func first<Value>(
        timeout: Duration = .seconds(5), _ extract: (Wire.Message) -> Value?
    ) throws -> Value {
        var found: Value?
        _ = try waitUntil(timeout: timeout) { message in
            found = extract(message)
            return found != nil
        }
        return found!
    }
}

extension ServerFixture {
    /// A sample's value from the metrics port, read over HTTP like a Prometheus scrape.
    func metric(_ name: String) throws -> Int {
        let text = try httpGet(port: server.metricsPort)
        let line = text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return line.flatMap { Int($0.split(separator: " ").last!) } ?? -1
    }

    private func httpGet(port: UInt16) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw ClientError.connectFailed(host: "127.0.0.1", port: Int(port), errno: errno) }
        let request = Array("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response += chunk[0..<count]
        }
        return String(decoding: response, as: UTF8.self)
    }
}

/// A fresh directory under /tmp for one test's data, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/tandem-server-test-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    func remove() {
        _ = system("rm -rf '\(path)'")
    }
}
