import TandemEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A snapshot file: the engine state after record `sequence`, with the configuration it was built from.
///
/// Layout (`Protocol/JOURNAL.md`): a 64-byte header (magic, version, sequence, timestamp, the two lengths),
/// the configuration payload, the engine state, and an 8-byte trailer holding the CRC-32C of everything
/// before it. It is written to a temporary file, synced, renamed into place and the directory synced, so a
/// crash leaves either the whole file or none.
struct SnapshotFile {
    static let headerSize = 64
    static let trailerSize = 8
    /// "SEND": the trailer's second word.
    static let trailerMagic: UInt32 = 0x444E_4553

    var sequence: UInt64
    var timestamp: UInt64
    var configurationPayload: [UInt8]
    var state: EngineSnapshot

    func encoded() -> [UInt8] {
        let total = Self.headerSize + configurationPayload.count + state.bytes.count + Self.trailerSize
        var bytes = [UInt8](repeating: 0, count: total)
        bytes.withUnsafeMutableBytes { buffer in
            var writer = PayloadWriter(buffer.baseAddress!)
            writer.u64(JournalFormat.snapshotMagic)
            writer.u32(JournalFormat.snapshotVersion)
            writer.u32(UInt32(Self.headerSize))
            writer.u64(sequence)
            writer.u64(timestamp)
            writer.u64(UInt64(configurationPayload.count))
            writer.u64(UInt64(state.bytes.count))
            writer = PayloadWriter(buffer.baseAddress!, offset: Self.headerSize)
            configurationPayload.withUnsafeBytes { writer.bytes($0) }
            state.bytes.withUnsafeBytes { writer.bytes($0) }
            let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[0..<writer.offset]))
            writer.u32(crc)
            writer.u32(Self.trailerMagic)
        }
        return bytes
    }

    /// Reads a snapshot's bytes, or says why they are not a whole, valid snapshot.
    static func decode(_ bytes: [UInt8]) -> Result<SnapshotFile, PayloadReader.Failure> {
        bytes.withUnsafeBytes { buffer in
            var reader = PayloadReader(buffer)
            do throws(PayloadReader.Failure) {
                guard buffer.count >= headerSize + trailerSize, try reader.u64() == JournalFormat.snapshotMagic else {
                    throw PayloadReader.Failure(message: "not a snapshot (bad magic or too short)")
                }
                let version = try reader.u32()
                guard version == JournalFormat.snapshotVersion, try reader.u32() == UInt32(headerSize) else {
                    throw PayloadReader.Failure(message: "unsupported snapshot format version \(version)")
                }
                let sequence = try reader.u64()
                let timestamp = try reader.u64()
                let configurationLength = try reader.u64()
                let stateLength = try reader.u64()
                guard configurationLength <= UInt64(buffer.count), stateLength <= UInt64(buffer.count),
                    headerSize + Int(configurationLength) + Int(stateLength) + trailerSize == buffer.count
                else { throw PayloadReader.Failure(message: "the lengths do not add up to the file's size") }
                let body = buffer.count - trailerSize
                let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[0..<body]))
                var trailer = PayloadReader(UnsafeRawBufferPointer(rebasing: buffer[body...]))
                guard try trailer.u32() == crc, try trailer.u32() == trailerMagic else {
                    throw PayloadReader.Failure(message: "CRC mismatch (a damaged or incomplete file)")
                }
                let stateStart = headerSize + Int(configurationLength)
                return .success(
                    SnapshotFile(
                        sequence: sequence, timestamp: timestamp,
                        configurationPayload: Array(bytes[headerSize..<stateStart]),
                        state: EngineSnapshot(bytes: Array(bytes[stateStart..<body]))))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Writes the snapshot durably under its final name: temporary file, fsync, rename, directory fsync.
    func write(to directory: String, durable: Bool) throws(JournalError) {
        let path = SystemCall.join(directory, JournalFormat.snapshotName(sequence: sequence))
        let temporary = path + JournalFormat.temporarySuffix
        let descriptor = try SystemCall.openFile(temporary, O_WRONLY | O_CREAT | O_TRUNC)
        do throws(JournalError) {
            try SystemCall.writeFully(descriptor, bytes: encoded(), offset: 0, path: temporary)
            if durable { try SystemCall.sync(descriptor, path: temporary) }
        } catch {
            SystemCall.closeFile(descriptor)
            throw error
        }
        SystemCall.closeFile(descriptor)
        try SystemCall.renameFile(temporary, to: path)
        if durable { try SystemCall.syncDirectory(directory) }
    }

    /// Reads the snapshot of `sequence` from `directory`.
    static func read(from directory: String, sequence: UInt64) throws(JournalError) -> Result<
        SnapshotFile, PayloadReader.Failure
    > {
        let path = SystemCall.join(directory, JournalFormat.snapshotName(sequence: sequence))
        let descriptor = try SystemCall.openFile(path, O_RDONLY)
        defer { SystemCall.closeFile(descriptor) }
        let size = try SystemCall.fileSize(descriptor, path: path)
        let bytes = try SystemCall.readFully(descriptor, count: size, offset: 0, path: path)
        guard bytes.count == size else { return .failure(PayloadReader.Failure(message: "the file shrank while read")) }
        let result = decode(bytes)
        if case .success(let snapshot) = result, snapshot.sequence != sequence {
            return .failure(PayloadReader.Failure(message: "it records sequence \(snapshot.sequence), not its name's"))
        }
        return result
    }

    /// Deletes all but the newest `keep` snapshots.
    static func prune(directory: String, keep: Int) throws(JournalError) {
        let sequences = try DataDirectory.snapshotSequences(in: directory)
        for sequence in sequences.dropLast(keep) {
            try SystemCall.removeFile(SystemCall.join(directory, JournalFormat.snapshotName(sequence: sequence)))
        }
    }
}
