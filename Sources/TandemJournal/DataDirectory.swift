#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files of a data directory: segments, snapshots, temporary files, and the lock a writer holds.
enum DataDirectory {
    /// The first sequence numbers of the segments, ascending.
    static func segmentSequences(in directory: String) throws(JournalError) -> [UInt64] {
        try SystemCall.list(directory).compactMap(JournalFormat.segmentSequence).sorted()
    }

    /// The sequence numbers of the snapshots, ascending.
    static func snapshotSequences(in directory: String) throws(JournalError) -> [UInt64] {
        try SystemCall.list(directory).compactMap(JournalFormat.snapshotSequence).sorted()
    }

    /// Removes what a crash can leave half made: segments and snapshots that were never renamed into place.
    static func removeTemporaryFiles(in directory: String) throws(JournalError) {
        for name in try SystemCall.list(directory) where name.hasSuffix(JournalFormat.temporarySuffix) {
            try SystemCall.removeFile(SystemCall.join(directory, name))
        }
    }
}
