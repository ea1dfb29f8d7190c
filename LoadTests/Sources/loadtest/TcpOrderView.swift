/// What a workload may ask about the run while it builds its next request: how the connections number their
/// requests, which orders are still live, and where the market last traded.
protocol TcpOrderView {
    /// The request number the connection's next request will get.
    func nextRequestNumber(connection: Int) -> Int
    /// Whether the order the connection sent as request `request` may still be on the book: sent and not known to
    /// be filled, canceled or rejected.
    func isLive(connection: Int, request: Int) -> Bool
    /// The price of the last fill any connection received; the start price before the first.
    var lastTradePrice: Int64 { get }
}

/// A source of requests for `loadtest tcp`.
protocol TcpWorkload {
    /// Requests sent before timing starts and answered before it does (a book to trade against).
    mutating func setupRequests() -> [TcpRequest]
    /// The next timed request; nil when the workload has no more (a pregenerated stream ran out).
    mutating func nextRequest(view: some TcpOrderView) -> TcpRequest?
}
