/// One message of the protocol: its type code, its fixed block layout and its codec.
///
/// A message is a fixed-layout block of little-endian fields. Conforming types hold only integers, so encoding
/// and decoding never allocate.
public protocol WireMessageBody: Sendable, Equatable {
    /// The type code in the frame header.
    static var messageType: Wire.MessageType { get }
    /// The block length in this schema version; a received block may be longer (later versions append fields).
    static var blockLength: Int { get }

    /// Reads the message's fields from `block`, which holds at least `blockLength` bytes.
    init(decodingBlock block: UnsafeRawPointer) throws(WireError)

    /// Writes the message's `blockLength` bytes to `block`.
    func encodeBlock(to block: UnsafeMutableRawPointer)

    /// Whether the message holds only values its encoding can carry: an optional integer is not its null
    /// value, and cross-field rules (exactly one order reference) hold. A decoded message always is valid.
    var isValid: Bool { get }
}
