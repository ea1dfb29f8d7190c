import TandemWire

/// Where and as whom a session logs in, kept to open the session's later connections.
struct Endpoint: Sendable {
    let host: String
    let port: Int
    let account: UInt32
    let apiKey: String
    let cancelOnDisconnect: Bool

    /// A new connection, logged in to `session` from `nextSequence`; it is closed again when the login fails.
    func logIn(session: UInt64, nextSequence: UInt64, timeout: Duration) throws(ClientError)
        -> (WireConnection, Wire.LoginAccepted)
    {
        let deadline = ContinuousClock.now + timeout
        let connection = try WireConnection.connect(host: host, port: port, timeout: timeout)
        do throws(ClientError) {
            let accepted = try connection.logIn(
                account: account, apiKey: apiKey, session: session, nextSequence: nextSequence,
                cancelOnDisconnect: cancelOnDisconnect, timeout: deadline - .now)
            return (connection, accepted)
        } catch {
            connection.close()
            throw error
        }
    }
}
