import Foundation
import TandemEngine
import XCTest

@testable import TandemJournal

/// Measurements, skipped unless `TANDEM_JOURNAL_BENCH_DIR` names a directory to write the journal to:
///
///     TANDEM_JOURNAL_BENCH_DIR=/tmp/bench swift test -c release -Xswiftc -enable-testing \
///         --filter JournalBenchmarkTests
///     $(swift build -c release --show-bin-path)/tandem replay --data /tmp/bench/async
///
/// The workload resembles exchange-core's (BRIEF §3): one market, ~1,000 resting orders, 9 % GTC orders, 3 %
/// IOC, 6 % cancels and 82 % moves. The commands are drawn once, then applied three times to fresh engines
/// (no journal, async, none) so the comparison times the engine and the journal only.
/// `TANDEM_JOURNAL_BENCH_COMMANDS` sets the number of commands (2,500,000: about 5 million records),
/// `TANDEM_JOURNAL_BENCH_ROUNDS` how many times the three runs alternate (1); medians are printed.
final class JournalBenchmarkTests: XCTestCase {
    func testJournalCostAndReplaySpeed() throws {
        guard let directory = ProcessInfo.processInfo.environment["TANDEM_JOURNAL_BENCH_DIR"] else {
            throw XCTSkip("set TANDEM_JOURNAL_BENCH_DIR to run the journal benchmark")
        }
        let count = Int(ProcessInfo.processInfo.environment["TANDEM_JOURNAL_BENCH_COMMANDS"] ?? "") ?? 2_500_000
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let commands = try Self.workload(count: count)
        // Rounds alternate the three runs, so a noisy machine slows them alike; medians are compared.
        let rounds = Int(ProcessInfo.processInfo.environment["TANDEM_JOURNAL_BENCH_ROUNDS"] ?? "") ?? 1
        var runs: [String: [Run]] = [:]
        for round in 1...rounds {
            runs["engine alone", default: []].append(try measure(commands, journal: nil))
            for durability in [JournalWriter.Durability.async, .none] {
                let path = directory + "/" + durability.rawValue
                try? FileManager.default.removeItem(atPath: path)
                runs["\(durability) journal", default: []].append(try measure(commands, journal: (path, durability)))
            }
            print(
                "round \(round): "
                    + runs.keys.sorted().map { "\($0) \(runs[$0]!.last!.description)" }.joined(separator: "; "))
        }
        let bare = Run.median(runs["engine alone"]!)
        print("median engine alone: \(bare.description)")
        for name in ["async journal", "none journal"] {
            let run = Run.median(runs[name]!)
            let cost = (bare.rate - run.rate) * 1_000 / bare.rate
            let threadCost = (run.engineNanoseconds - bare.engineNanoseconds) * 1_000 / bare.engineNanoseconds
            print(
                "median engine + \(name): \(run.description); \(cost / 10).\(cost % 10) % fewer commands/s, "
                    + "engine thread +\(threadCost / 10).\(threadCost % 10) %")
        }
        try measureReplay(directory: directory + "/async", rounds: rounds)
    }

    /// Replays the async run's journal `rounds` times each with and without the read-ahead thread, after one
    /// replay that brings the journal (written with direct I/O, so not cached) into the page cache.
    private func measureReplay(directory: String, rounds: Int) throws {
        var rates: [Bool: [Int]] = [:]
        _ = try JournalReplay.run(directory: directory)
        for round in 1...rounds {
            for readsAhead in [true, false] {
                let start = DispatchTime.now().uptimeNanoseconds
                let (summary, _) = try JournalReplay.run(
                    directory: directory, options: JournalReplay.Options(readsAhead: readsAhead))
                let elapsed = DispatchTime.now().uptimeNanoseconds - start
                rates[readsAhead, default: []].append(Int(UInt64(summary.records) * 1_000_000_000 / elapsed))
            }
            print(
                "replay round \(round): read ahead \(rates[true]!.last!), one thread \(rates[false]!.last!) records/s")
        }
        for readsAhead in [true, false] {
            let sorted = rates[readsAhead]!.sorted()
            print("median replay, \(readsAhead ? "read ahead" : "one thread"): \(sorted[sorted.count / 2]) records/s")
        }
    }

    /// One run's figures: commands per second, and CPU time per command of the engine thread and the others.
    struct Run {
        var rate: Int
        var engineNanoseconds: Int
        var otherNanoseconds: Int

        var description: String {
            "\(rate) commands/s, engine thread \(engineNanoseconds) ns/command, other threads \(otherNanoseconds)"
        }

        /// Each figure's median across `runs`.
        static func median(_ runs: [Run]) -> Run {
            func middle(_ values: [Int]) -> Int { values.sorted()[values.count / 2] }
            return Run(
                rate: middle(runs.map(\.rate)), engineNanoseconds: middle(runs.map(\.engineNanoseconds)),
                otherNanoseconds: middle(runs.map(\.otherNanoseconds)))
        }
    }

    /// Applies `commands` to a fresh engine, journaling them when asked (a commit every 64 commands, as a
    /// server batch would).
    private func measure(
        _ commands: [Command], journal: (path: String, durability: JournalWriter.Durability)?
    ) throws -> Run {
        var engine = try Engine(configuration: Self.configuration)
        var writer: JournalWriter?
        if let journal {
            let opened = try Journal.open(
                directory: journal.path, configuration: Self.configuration,
                options: JournalWriter.Options(
                    durability: journal.durability,
                    bufferCapacity: Int(ProcessInfo.processInfo.environment["TANDEM_JOURNAL_BENCH_BUFFER"] ?? "") ?? 32
                        << 20))
            engine = opened.engine
            writer = opened.writer
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let threadStart = Self.cpuTime(CLOCK_THREAD_CPUTIME_ID)
        let processStart = Self.cpuTime(CLOCK_PROCESS_CPUTIME_ID)
        for (index, command) in commands.enumerated() {
            let timestamp = UInt64(index)
            engine.apply(command, timestamp: timestamp)
            if let writer {
                writer.append(command: command, timestamp: timestamp, events: engine.events)
                if index & 63 == 63 { writer.commit() }
            }
        }
        let engineTime = Self.cpuTime(CLOCK_THREAD_CPUTIME_ID) - threadStart
        try writer?.flush()
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        let otherTime = Self.cpuTime(CLOCK_PROCESS_CPUTIME_ID) - processStart - engineTime
        try writer?.close()
        return Run(
            rate: Int(UInt64(commands.count) * 1_000_000_000 / elapsed), engineNanoseconds: engineTime / commands.count,
            otherNanoseconds: otherTime / commands.count)
    }

    private static func cpuTime(_ clock: clockid_t) -> Int {
        var time = timespec()
        clock_gettime(clock, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }

    static let configuration = EngineConfiguration(
        assets: [AssetConfiguration(symbol: "BTC", decimals: 8), AssetConfiguration(symbol: "USD", decimals: 2)],
        markets: [
            MarketConfiguration(
                symbol: "BTC/USD", baseAsset: 0, quoteAsset: 1, tickSize: 100, lotSize: 1_000_000,
                minQuantity: 1_000_000,
                maxQuantity: 100_000_000, maxPrice: 100_000_000, priceBandPPM: 100_000, referencePrice: 5_000_000,
                makerFeePPM: 0, takerFeePPM: 0)
        ],
        maxAccounts: 1_024, initialOrderCapacity: 4_096)

    /// The exchange-core-like mix, drawn against an engine that applies each command (to know the live orders).
    static func workload(count: Int) throws -> [Command] {
        let engine = try Engine(configuration: configuration)
        var random = SplitMix64(seed: 2018)
        var commands: [Command] = []
        commands.reserveCapacity(count)
        var live: [(account: UInt32, clientOrderId: UInt64)] = []
        var position: [UInt64: Int] = [:]
        var nextClientOrderId: UInt64 = 1
        func apply(_ command: Command) {
            engine.apply(command, timestamp: UInt64(commands.count))
            commands.append(command)
            for event in engine.events {
                switch event.body {
                case .accepted(let accepted):
                    position[accepted.clientOrderId] = live.count
                    live.append((accepted.account, accepted.clientOrderId))
                case .fill(let fill) where fill.remaining == 0: remove(fill.clientOrderId)
                case .canceled(let canceled) where canceled.remaining == 0: remove(canceled.clientOrderId)
                default: break
                }
            }
        }
        func remove(_ clientOrderId: UInt64) {
            guard let index = position.removeValue(forKey: clientOrderId) else { return }
            let moved = live.removeLast()
            if index < live.count {
                live[index] = moved
                position[moved.clientOrderId] = index
            }
        }
        for account in UInt32(1)...200 {
            apply(.deposit(Transfer(account: account, asset: 0, amount: 1 << 50)))
            apply(.deposit(Transfer(account: account, asset: 1, amount: 1 << 52)))
        }
        while commands.count < count {
            let roll = random.int(0...9_999)
            let account = UInt32(random.int(1...200))
            if roll < 1_158 || live.count < 500 {
                let side: Side = random.chance(50) ? .buy : .sell
                let offset = random.int64(1...60)
                let ticks = 50_000 + (side == .buy ? -offset : offset) + (roll < 283 ? (side == .buy ? 80 : -80) : 0)
                apply(
                    .newOrder(
                        NewOrder(
                            account: account, market: 0, clientOrderId: nextClientOrderId, side: side,
                            timeInForce: roll < 283 ? .ioc : .gtc, price: ticks * 100,
                            quantity: random.int64(1...10) * 1_000_000)))
                nextClientOrderId += 1
            } else if roll < 1_736 {
                let order = live[random.int(0...(live.count - 1))]
                apply(.cancel(CancelOrder(account: order.account, order: .clientOrderId(order.clientOrderId))))
            } else {
                let order = live[random.int(0...(live.count - 1))]
                let price = (50_000 + random.int64(-60...60)) * 100
                apply(
                    .replace(
                        ReplaceOrder(account: order.account, order: .clientOrderId(order.clientOrderId), price: price)))
            }
        }
        return commands
    }
}
