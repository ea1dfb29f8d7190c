/// The constants of the on-disk format (`Protocol/JOURNAL.md`).
enum JournalFormat {
    /// The segment format: 2 since command records start with the request's client id and type (1 had none).
    static let version: UInt32 = 2
    /// The snapshot file format, unchanged since the first.
    static let snapshotVersion: UInt32 = 1
    /// The request at the start of every command record's payload, before the command: a `u64` client id and
    /// a `u8` request type.
    static let commandRequestSize = 9
    /// "TNDMJRNL": the first eight bytes of every segment.
    static let segmentMagic: UInt64 = 0x4C4E_524A_4D44_4E54
    /// "TNDMSNAP": the first eight bytes of every snapshot file.
    static let snapshotMagic: UInt64 = 0x5041_4E53_4D44_4E54
    static let segmentHeaderSize = 64
    static let recordHeaderSize = 32
    /// Records start and end on multiples of this, so every header is aligned.
    static let alignment = 8
    /// The largest payload of an events record; a command's events that need more are split.
    static let maxEventsPayload = 1 << 20
    /// The largest payload of any record (a configuration's JSON must fit too).
    static let maxPayload = maxEventsPayload
    /// Flag of an events record that is followed by more events of the same command.
    static let continuedFlag: UInt8 = 1

    /// A record's size on disk: header, payload, zero padding to the alignment.
    @inline(__always) static func recordSize(payload: Int) -> Int {
        (recordHeaderSize + payload + alignment - 1) & ~(alignment - 1)
    }

    /// `journal-<first sequence, 20 digits>.seg`: names sort as their sequences do.
    static func segmentName(firstSequence: UInt64) -> String {
        "journal-" + zeroPadded(firstSequence) + ".seg"
    }

    /// `snapshot-<last sequence included, 20 digits>.snap`.
    static func snapshotName(sequence: UInt64) -> String {
        "snapshot-" + zeroPadded(sequence) + ".snap"
    }

    static let temporarySuffix = ".tmp"
    static let lockName = "lock"

    /// The sequence number in a segment's name, or nil when the name is not a segment's.
    static func segmentSequence(_ name: String) -> UInt64? {
        number(in: name, prefix: "journal-", suffix: ".seg")
    }

    /// The sequence number in a snapshot's name, or nil when the name is not a snapshot's.
    static func snapshotSequence(_ name: String) -> UInt64? {
        number(in: name, prefix: "snapshot-", suffix: ".snap")
    }

    private static func number(in name: String, prefix: String, suffix: String) -> UInt64? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix),
            name.utf8.count == prefix.utf8.count + 20 + suffix.utf8.count
        else { return nil }
        let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
        guard digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return UInt64(digits)
    }

    private static func zeroPadded(_ value: UInt64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: 20 - digits.count) + digits
    }
}
