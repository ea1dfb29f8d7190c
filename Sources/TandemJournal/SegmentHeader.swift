/// The 64 bytes at the start of a segment file: magic, version, salt, first sequence and capacity, with a CRC.
///
/// The salt is drawn at random for each segment and seeds the CRC of every record in it, so bytes left over
/// from another segment or an earlier journal can never pass for a record of this one.
struct SegmentHeader: Equatable {
    var salt: UInt64
    var firstSequence: UInt64
    /// The preallocated size of the file, header included.
    var capacity: Int

    /// The header's bytes.
    func encoded() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: JournalFormat.segmentHeaderSize)
        bytes.withUnsafeMutableBytes { buffer in
            var writer = PayloadWriter(buffer.baseAddress!)
            writer.u64(JournalFormat.segmentMagic)
            writer.u32(JournalFormat.version)
            writer.u32(UInt32(JournalFormat.segmentHeaderSize))
            writer.u64(salt)
            writer.u64(firstSequence)
            writer.u64(UInt64(capacity))
            let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[0..<60]))
            buffer.storeBytes(of: crc.littleEndian, toByteOffset: 60, as: UInt32.self)
        }
        return bytes
    }

    /// Reads a header, or says what is wrong with it.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<SegmentHeader, PayloadReader.Failure> {
        guard bytes.count >= JournalFormat.segmentHeaderSize else {
            return .failure(PayloadReader.Failure(message: "the file is shorter than a segment header"))
        }
        var reader = PayloadReader(UnsafeRawBufferPointer(rebasing: bytes[0..<JournalFormat.segmentHeaderSize]))
        do {
            guard try reader.u64() == JournalFormat.segmentMagic else {
                return .failure(PayloadReader.Failure(message: "not a journal segment (bad magic)"))
            }
            let version = try reader.u32()
            guard version == JournalFormat.version, try reader.u32() == UInt32(JournalFormat.segmentHeaderSize) else {
                return .failure(PayloadReader.Failure(message: unsupported(version)))
            }
            let header = SegmentHeader(
                salt: try reader.u64(), firstSequence: try reader.u64(),
                capacity: Int(truncatingIfNeeded: try reader.u64()))
            let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<60]))
            guard bytes.loadUnaligned(fromByteOffset: 60, as: UInt32.self) == crc.littleEndian else {
                return .failure(PayloadReader.Failure(message: "segment header CRC mismatch"))
            }
            return .success(header)
        } catch {
            return .failure(error)
        }
    }

    private static func unsupported(_ version: UInt32) -> String {
        guard version == 1 else { return "unsupported segment format version \(version)" }
        return "segment format version 1, written by an older build whose command records lack the request's "
            + "client id; this build reads version \(JournalFormat.version): replay or dump the directory with the "
            + "build that wrote it, and start this one on a new directory"
    }

    /// The CRC register after the salt: where every record's CRC in this segment starts.
    var crcSeed: CRC32C {
        var crc = CRC32C()
        crc.update(integer: salt)
        return crc
    }
}
