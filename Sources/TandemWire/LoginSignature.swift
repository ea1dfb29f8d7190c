/// The signature of a login: HMAC-SHA256, keyed with the UTF-8 bytes of the account's API key, over the
/// challenge's 32-byte nonce followed by the whole login frame (header included) with its 32 signature bytes
/// set to zero.
///
/// The nonce is fresh on every connection, so a recorded login cannot be replayed; the frame is signed as
/// received, so fields a later version appends are covered too.
public enum LoginSignature {
    /// Where the signature sits in the login block.
    static let signatureOffset = 22

    /// The signature for `login` (its own signature field is ignored) answering `nonce`.
    public static func sign(_ login: Wire.Login, nonce: WireBytes32, apiKey: String) -> WireBytes32 {
        let buffer = WireOutputBuffer(capacity: Wire.maxFrameLength)
        buffer.append(login)
        return code(frame: Array(buffer.bytes), nonce: nonce, apiKey: apiKey)
    }

    /// Whether the login `frame` (as received) carries the right signature for `nonce` and `apiKey`.
    ///
    /// The comparison takes the same time wherever the signatures differ.
    public static func isValid(frame: WireFrame, nonce: WireBytes32, apiKey: String) -> Bool {
        guard frame.messageType == Wire.MessageType.login.rawValue, frame.blockLength >= Wire.Login.blockLength
        else { return false }
        let header = frame.block - Wire.headerLength
        let bytes = Array(UnsafeRawBufferPointer(start: header, count: Wire.headerLength + frame.blockLength))
        let expected = code(frame: bytes, nonce: nonce, apiKey: apiKey).bytes
        let offset = Wire.headerLength + signatureOffset
        let received = bytes[offset..<offset + WireBytes32.count]
        return zip(expected, received).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func code(frame: [UInt8], nonce: WireBytes32, apiKey: String) -> WireBytes32 {
        var message = nonce.bytes + frame
        let offset = WireBytes32.count + Wire.headerLength + signatureOffset
        message.replaceSubrange(offset..<offset + WireBytes32.count, with: repeatElement(0, count: WireBytes32.count))
        return WireBytes32(SHA256.authenticationCode(key: Array(apiKey.utf8), message: message))!
    }
}
