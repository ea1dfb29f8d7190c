import TandemEngine
import XCTest

/// `Engine.snapshot()` and `Engine.restore`: a restored engine answers every later command exactly as the
/// original does.
final class EngineSnapshotTests: XCTestCase {
    private let configuration = CommandGenerator.configuration

    /// Random streams over every command kind and three pools: snapshot at a random point, restore, then feed
    /// the rest to both engines and compare events, state hash, pools and snapshot bytes at every step.
    func testARestoredEngineContinuesExactlyLikeTheOriginal() throws {
        for seed in UInt64(1)...8 {
            var random = SplitMix64(seed: seed &* 7919)
            let total = 1_500
            let cut = random.int(40...total - 200)
            let original = try Engine(configuration: configuration)
            var generator = CommandGenerator(seed: seed)
            var restored: Engine?
            for step in 0..<total {
                if step == cut {
                    let snapshot = original.snapshot()
                    let copy = try Engine.restore(configuration: configuration, snapshot: snapshot)
                    XCTAssertEqual(copy.snapshot(), snapshot, "seed \(seed): the restored state is not canonical")
                    XCTAssertEqual(copy.stateHash(), original.stateHash())
                    restored = copy
                }
                let command = generator.next(engine: original)
                let timestamp = UInt64(step)
                original.apply(command, timestamp: timestamp)
                guard let restored else { continue }
                restored.apply(command, timestamp: timestamp)
                XCTAssertEqual(restored.events, original.events, "seed \(seed) step \(step): \(command)")
                XCTAssertEqual(restored.stateHash(), original.stateHash(), "seed \(seed) step \(step)")
                if restored.events != original.events { return }
            }
            let final = try XCTUnwrap(restored)
            XCTAssertEqual(final.snapshot(), original.snapshot(), "seed \(seed)")
            for market in configuration.markets.indices {
                XCTAssertEqual(
                    final.pool(market: market), original.pool(market: market), "seed \(seed) market \(market)")
            }
        }
    }

    /// The stream reaches what the snapshot must carry: resting orders, trades, pools with shares and fees.
    func testTheStreamsExerciseBooksAndPools() throws {
        let engine = try Engine(configuration: configuration)
        var generator = CommandGenerator(seed: 3)
        var fills = 0
        var poolFills = 0
        var liquidityEvents = 0
        for step in 0..<3_000 {
            engine.apply(generator.next(engine: engine), timestamp: UInt64(step))
            for event in engine.events {
                switch event.body {
                case .fill: fills += 1
                case .poolFill: poolFills += 1
                case .liquidityAdded, .liquidityRemoved: liquidityEvents += 1
                default: break
                }
            }
        }
        XCTAssertGreaterThan(fills, 100)
        XCTAssertGreaterThan(poolFills, 10)
        XCTAssertGreaterThan(liquidityEvents, 10)
        XCTAssertGreaterThan(engine.restingOrderCount(market: 0) + engine.restingOrderCount(market: 1), 10)
        XCTAssertGreaterThan(engine.pool(market: 5)?.totalShares ?? 0, 0, "the empty pool got liquidity")
        XCTAssertGreaterThan(engine.pool(market: 4)?.heldFeeQuote ?? 0, 0)
    }

    func testEveryTruncatedSnapshotIsRefused() throws {
        let engine = try Engine(configuration: configuration)
        var generator = CommandGenerator(seed: 5)
        for step in 0..<400 { engine.apply(generator.next(engine: engine), timestamp: UInt64(step)) }
        let bytes = engine.snapshot().bytes
        for length in 0..<bytes.count {
            XCTAssertThrowsError(
                try Engine.restore(
                    configuration: configuration, snapshot: EngineSnapshot(bytes: Array(bytes[..<length]))),
                "a snapshot cut to \(length) of \(bytes.count) bytes")
        }
        XCTAssertThrowsError(
            try Engine.restore(configuration: configuration, snapshot: EngineSnapshot(bytes: bytes + [0])))
    }

    func testASnapshotOfAnotherConfigurationIsRefused() throws {
        let engine = try Engine(configuration: configuration)
        var other = configuration
        other.markets.removeLast()
        XCTAssertThrowsError(try Engine.restore(configuration: other, snapshot: engine.snapshot())) { error in
            XCTAssertTrue("\(error)".contains("markets"), "\(error)")
        }
    }

    /// Flipped bytes give an error, or an engine consistent enough to go on without crashing.
    func testDamagedSnapshotsNeverCrash() throws {
        let engine = try Engine(configuration: configuration)
        var generator = CommandGenerator(seed: 9)
        for step in 0..<600 { engine.apply(generator.next(engine: engine), timestamp: UInt64(step)) }
        let bytes = engine.snapshot().bytes
        var random = SplitMix64(seed: 99)
        var accepted = 0
        for round in 0..<2_000 {
            var damaged = bytes
            damaged[random.int(0...(bytes.count - 1))] ^= UInt8(truncatingIfNeeded: random.int(1...255))
            guard
                let restored = try? Engine.restore(
                    configuration: configuration, snapshot: EngineSnapshot(bytes: damaged))
            else { continue }
            accepted += 1
            var more = CommandGenerator(seed: UInt64(round))
            for step in 0..<150 { restored.apply(more.next(engine: restored), timestamp: UInt64(step)) }
        }
        XCTAssertLessThan(accepted, 1_000, "most damage is refused")
    }
}
