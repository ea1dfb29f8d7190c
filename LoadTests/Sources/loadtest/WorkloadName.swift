import ArgumentParser

/// The generated workloads `loadtest engine` can run.
enum WorkloadName: String, CaseIterable, ExpressibleByArgument {
    /// exchange-core's published 2018 benchmark mix.
    case ec2018
    /// liquibook's insert-only performance test.
    case inserts
    /// A perpetual market with every account holding a position while the index moves on every command.
    case liquidations
}
