import TandemWire

/// Follows a sequenced stream: which sequence number comes next, and whether a snapshot is being received.
///
/// A sequenced message must carry exactly the expected number; inside a snapshot (between `snapshot_begin`
/// and `snapshot_end`) messages carry 0, and `snapshot_end` says where the stream continues.
struct StreamTracker {
    /// The sequence number the next sequenced message must carry.
    private(set) var nextSequence: UInt64
    /// Whether a `snapshot_begin` arrived and its `snapshot_end` has not.
    private(set) var isInSnapshot = false

    /// The tracker after a login that asked for `requested` and was answered with `accepted`: a replay
    /// starts at the number asked for, live messages at the server's next number.
    init(requested: UInt64, accepted: Wire.LoginAccepted) {
        nextSequence = requested >= 1 ? requested : accepted.nextSequence
    }

    /// Checks `message`'s place in the stream and moves past it; throws `sequenceGap` and stays put when it is
    /// out of order.
    mutating func admit(_ message: Wire.Message) throws(ClientError) {
        switch message {
        case .snapshotBegin:
            isInSnapshot = true
        case .snapshotEnd(let end):
            isInSnapshot = false
            nextSequence = end.nextSequence
        default:
            guard let sequence = message.sequence, !(isInSnapshot && sequence == 0) else { return }
            guard sequence == nextSequence else {
                throw .sequenceGap(expected: nextSequence, received: sequence)
            }
            nextSequence += 1
        }
    }
}
