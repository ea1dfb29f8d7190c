import ArgumentParser

/// The `loadtest` executable: benchmarks of the Tandem engine.
@main
struct LoadTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest",
        abstract: "Benchmarks of the Tandem matching engine, wire codec and server.",
        subcommands: [EngineBenchmark.self, CodecBenchmark.self, TcpBenchmark.self])
}
