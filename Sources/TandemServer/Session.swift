/// An account's order-entry session: its sequenced stream of reports, the client ids it has used, its rate
/// limit, and the connection logged in to it (at most one).
final class Session {
    let account: UInt32
    let apiKey: String
    var stream: StreamLog
    /// Where the journal holds the stream's reports (empty without a journal).
    var checkpoints: StreamCheckpoints
    /// The highest client id of a request the session executed; the next must be above it.
    var highestClientId: UInt64
    var rateLimiter: RateLimiter
    /// Set at login, cleared when the connection closes.
    var connection: Connection?
    /// A resume being served from the journal: until it is done, live reports only go into `stream`.
    var resume: JournalResume?

    init(account: UInt32, apiKey: String, windowBytes: Int, rateLimit: Int, start: StreamStart = StreamStart()) {
        self.account = account
        self.apiKey = apiKey
        stream = StreamLog(windowBytes: windowBytes, nextSequence: start.nextSequence)
        checkpoints = start.checkpoints
        highestClientId = start.highestClientId
        rateLimiter = RateLimiter(rate: rateLimit)
    }
}
