import TandemEngine
import TandemJSON
import Testing

@testable import loadtest

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct TcpServerSupportTests {
    @Test func theGeneratedConfigurationIsWhatTheServerDecodes() throws {
        let configuration = TcpServerConfiguration(
            firstAccount: 5, accounts: 3, keyPrefix: "key-", baseDecimals: 6,
            pool: BenchmarkPool(feePPM: 100, depth: 200_000, owner: 8))
        let decoded = try ServerConfiguration.decode(configuration.json)
        #expect(decoded.accounts.map(\.account) == [5, 6, 7])
        #expect(decoded.apiKey(account: 6) == "key-6")
        #expect(decoded.accounts[0].deposits.map(\.amount) == [1_000_000_000 * 1_000_000, 1_000_000_000_000])
        let market = decoded.engine.markets[0]
        #expect(market.lotSize == 1_000_000 && market.tickSize == 1 && market.referencePrice == 100_000)
        #expect(market.pool?.owner == 8 && market.pool?.initialBase == 200_000 * 1_000_000)
        #expect(decoded.engine.maxAccounts == 9)
        _ = try Engine(configuration: decoded.engine)

        let plain = try ServerConfiguration.decode(
            TcpServerConfiguration(firstAccount: 1, accounts: 1, keyPrefix: "k", baseDecimals: 0, pool: nil).json)
        #expect(plain.engine.markets[0].pool == nil && plain.engine.markets[0].lotSize == 1)
        #expect(TcpServerConfiguration.isValidKeyPrefix("loadtest-key-"))
        #expect(!TcpServerConfiguration.isValidKeyPrefix("a\"b") && !TcpServerConfiguration.isValidKeyPrefix(""))
    }

    @Test func theListeningLineGivesTheThreeAddresses() {
        let listening = ServerProcess.parseListening(
            "listening order_entry=127.0.0.1:4001 market_data=127.0.0.1:4002 metrics=0.0.0.0:4003")
        #expect(listening?.orderEntry == .init(host: "127.0.0.1", port: 4_001))
        #expect(listening?.metrics == .init(host: "0.0.0.0", port: 4_003))
        #expect(ServerProcess.parseListening("listening order_entry=127.0.0.1:4001") == nil)
        #expect(ServerProcess.parseListening("listening order_entry=x:99999 market_data=x:1 metrics=x:2") == nil)
    }

    @Test func metricsAreReadFromAPrometheusAnswer() {
        let answer =
            "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n# HELP a thing\n# TYPE a counter\n"
            + "tandem_journal_fsync_seconds_sum 0.25\r\ntandem_rejects_total{reason=\"x y\"} 3\n\n"
        #expect(
            MetricsScrape.parse(answer) == [
                .init(name: "tandem_journal_fsync_seconds_sum", value: "0.25"),
                .init(name: "tandem_rejects_total{reason=\"x y\"}", value: "3"),
            ])
    }

    @Test func cpuTimeIsReadFromProcStatEvenWithSpacesInTheName() {
        let stat = "1234 (tandem serve x) S 1 1234 1 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 12345"
        #expect(CPUTime.parseStat(stat, ticksPerSecond: 100) == 3_000_000_000)
        #expect(CPUTime.parseStat("1234 (x) S 1", ticksPerSecond: 100) == nil)
        #expect(CPUTime.nanoseconds(ofProcess: getpid()) != nil)
        #expect(CPUTime.harnessNanoseconds() > 0)
    }

    @Test func directoriesAreMadeAndRemovedWhole() throws {
        let root = try FileSystem.makeTemporaryDirectory(prefix: "loadtest-test")
        try FileSystem.makeDirectories(root + "/a/b/c")
        try Console.writeFile("x", to: root + "/a/b/c/file")
        #expect(access(root + "/a/b/c/file", F_OK) == 0)
        FileSystem.removeTree(root)
        #expect(access(root, F_OK) != 0)
    }
}
