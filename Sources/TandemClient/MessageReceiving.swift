import TandemWire

/// Something that receives the wire protocol's messages one at a time: a connection or a session.
public protocol MessageReceiving: AnyObject {
    /// The next message, waiting up to `timeout`; `timedOut` when none came.
    func receive(timeout: Duration) throws(ClientError) -> Wire.Message
}

extension MessageReceiving {
    /// Receives messages until `predicate` holds for one and returns all of them, the matching one last.
    ///
    /// Throws `timedOut` when `timeout` passes first, and whatever `receive` throws.
    public func waitUntil(timeout: Duration = .seconds(5), _ predicate: (Wire.Message) -> Bool)
        throws(ClientError) -> [Wire.Message]
    {
        let deadline = ContinuousClock.now + timeout
        var received: [Wire.Message] = []
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { throw .timedOut(waitingFor: "a message the predicate accepts") }
            let message: Wire.Message
            do throws(ClientError) {
                message = try receive(timeout: remaining)
            } catch .timedOut {
                throw .timedOut(waitingFor: "a message the predicate accepts")
            }
            received.append(message)
            if predicate(message) { return received }
        }
    }
}
