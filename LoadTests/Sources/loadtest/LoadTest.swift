import ArgumentParser

/// The `loadtest` executable: benchmarks of the Tandem engine.
@main
struct LoadTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest",
        abstract: "Benchmarks of the Tandem matching engine and wire codec.",
        subcommands: [EngineBenchmark.self, CodecBenchmark.self])
}
