/// An account's order-entry session: its sequenced stream of reports, the client ids it has used, its rate
/// limit, and the connection logged in to it (at most one).
final class Session {
    let account: UInt32
    let apiKey: String
    var stream: StreamLog
    /// The highest client id of a request the session executed; the next must be above it.
    var highestClientId: UInt64 = 0
    var rateLimiter: RateLimiter
    /// Set at login, cleared when the connection closes.
    var connection: Connection?

    init(account: UInt32, apiKey: String, windowBytes: Int, rateLimit: Int) {
        self.account = account
        self.apiKey = apiKey
        stream = StreamLog(windowBytes: windowBytes)
        rateLimiter = RateLimiter(rate: rateLimit)
    }
}
