import TandemEngine

/// A recorded ec2018 command stream and what replaying it on a fresh engine must reproduce.
struct EC2018Workload {
    let configuration: EngineConfiguration
    /// The deposits applied before timing.
    let setup: [Command]
    /// The timed commands.
    let commands: [Command]
    let mix: EC2018Mix
    /// The generator engine's state hash after the last command.
    let stateHash: UInt64

    /// A fresh engine with the setup applied.
    func makeEngine() throws -> Engine {
        try BenchmarkMarket.makeEngine(configuration, setup: setup)
    }

    /// The timestamp of the first timed command.
    var firstTimestamp: UInt64 { UInt64(setup.count + 1) }

    /// Checks that a replay ended where the generator did; engines are deterministic, so any difference is a bug.
    func verifyReplay(stateHash replayHash: UInt64, trades: Int?, events: Int?) throws {
        if let trades, trades != mix.trades {
            throw BenchmarkError("the replay made \(trades) trades, the generator \(mix.trades)")
        }
        if let events, events != mix.events {
            throw BenchmarkError("the replay emitted \(events) events, the generator \(mix.events)")
        }
        guard replayHash == stateHash else {
            throw BenchmarkError(
                "the replay's state hash \(StateHash.hex(replayHash)) differs from the generator's "
                    + StateHash.hex(stateHash))
        }
    }
}
