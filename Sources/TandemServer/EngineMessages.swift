import TandemEngine

/// A command on its way from the loop thread to the engine thread.
struct EngineRequest: BitwiseCopyable {
    var command: Command
    /// The logical time the loop gave the command.
    var timestamp: UInt64
    /// The client id of the request it came from (0 for the server's own commands) and its wire type code.
    var clientId: UInt64
    var messageType: UInt8
    /// When the loop read it (monotonic nanoseconds), for the latency histogram.
    var receivedAt: UInt64
}

/// What the engine thread hands back to the loop thread, in order.
enum EngineOutput: BitwiseCopyable {
    /// A command was applied; its events follow. `journalSequence` is the record that must be durable before
    /// anything from here on is released (0: no journal).
    case command(clientId: UInt64, messageType: UInt8, receivedAt: UInt64, journalSequence: UInt64)
    case event(Event)
    /// A market's state is being published: its pool (when it has one), then its depth, then `marketEnd`.
    case marketBegin(market: Int32, timestamp: UInt64)
    case poolState(market: Int32, base: Int64, quote: Int64, shares: Int64)
    case depthLevel(market: Int32, side: Side, level: DepthLevel)
    case marketEnd(market: Int32)
}
