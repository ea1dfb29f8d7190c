/// Writes a record's frame (`Protocol/JOURNAL.md`): the 32-byte header before the payload, the zero padding
/// after it, and the CRC once the payload is in place.
enum RecordFrame {
    /// Writes the header of a record of `payload` bytes at `record` and zeroes its padding; returns a writer
    /// positioned at the payload. The CRC field stays zero until `seal`.
    @inline(__always) static func begin(
        at record: UnsafeMutableRawPointer, type: UInt8, flags: UInt8, sequence: UInt64, timestamp: UInt64,
        payload: Int
    ) -> PayloadWriter {
        // Zero the padding first; the payload overwrites what of it is not padding.
        record.storeBytes(of: 0, toByteOffset: JournalFormat.recordSize(payload: payload) - 8, as: UInt64.self)
        var writer = PayloadWriter(record)
        writer.u32(UInt32(payload))
        writer.u32(0)
        writer.u64(sequence)
        writer.u64(timestamp)
        writer.u8(type)
        writer.u8(flags)
        writer.u16(0)
        writer.u32(0)
        return writer
    }

    /// The CRC of the framed record at `record` with a payload of `length` bytes: the salt's register
    /// (`crcSeed`), the length field, then everything from the sequence number to the payload's end.
    @inline(__always) static func crc(at record: UnsafeRawPointer, length: Int, crcSeed: CRC32C) -> UInt32 {
        var crc = crcSeed
        crc.update(record, count: 4)
        crc.update(record + 8, count: JournalFormat.recordHeaderSize - 8 + length)
        return crc.value
    }

    /// Whether the CRC stored in the record at `record` matches its bytes.
    @inline(__always) static func crcMatches(at record: UnsafeRawPointer, length: Int, crcSeed: CRC32C) -> Bool {
        crc(at: record, length: length, crcSeed: crcSeed)
            == UInt32(littleEndian: record.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
    }

    /// Stores the CRC of the framed record at `record`.
    @inline(__always) static func seal(at record: UnsafeMutableRawPointer, crcSeed: CRC32C) {
        let length = Int(UInt32(littleEndian: record.load(as: UInt32.self)))
        record.storeBytes(
            of: crc(at: record, length: length, crcSeed: crcSeed).littleEndian, toByteOffset: 4, as: UInt32.self)
    }
}
