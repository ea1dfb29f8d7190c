import ArgumentParser

/// The workloads `loadtest tcp` can drive a server with.
enum TcpWorkloadName: String, CaseIterable, ExpressibleByArgument {
    /// exchange-core's published mix, generated in process and spread over the connections by account.
    case ec2018
    /// Every connection is a market maker that keeps replacing a quote on each side around the last trade.
    case makers
    /// Every connection is a taker that sweeps the book and the pool with market orders.
    case takers
    /// Some connections make and the others take.
    case mix
}
