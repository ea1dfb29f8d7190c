import TandemEngine
import TandemJSON

/// The payload of a configuration record (and of a snapshot's configuration): the initial order capacity as
/// a u64, then the configuration as UTF-8 JSON in the format of `tandem simulate`.
enum ConfigurationRecord {
    /// The payload, or an error when the configuration does not survive the trip through JSON (two assets or
    /// markets with one symbol, decimals out of range).
    static func encode(_ configuration: EngineConfiguration) throws(JournalError) -> [UInt8] {
        let json = ConfigurationEncoder.encode(configuration)
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(configuration.initialOrderCapacity).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json.utf8)
        guard bytes.count <= JournalFormat.maxPayload else {
            throw .unusable("the configuration's JSON is larger than a record can hold (\(JournalFormat.maxPayload) B)")
        }
        let decoded = bytes.withUnsafeBytes { try? decode($0) }
        guard decoded == configuration else {
            throw .unusable(
                "the configuration cannot be journaled: its JSON form does not give it back (are two assets or "
                    + "markets named alike?)")
        }
        return bytes
    }

    static func decode(_ payload: UnsafeRawBufferPointer) throws(InputError) -> EngineConfiguration {
        guard payload.count >= 8 else { throw InputError(field: nil, "the record is too short") }
        let capacity = UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self))
        guard capacity <= 1 << 40 else { throw InputError(field: nil, "initial order capacity \(capacity) is absurd") }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: payload[8...]), as: UTF8.self)
        var configuration = try ConfigurationDecoder.decode(text)
        configuration.initialOrderCapacity = Int(capacity)
        return configuration
    }
}
