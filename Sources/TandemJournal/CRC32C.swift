#if TANDEM_CRC32C_SSE42
    import _Builtin_intrinsics.intel
#endif

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), computed eight bytes at a time: with the SSE4.2
/// `crc32` instruction when the module is built with `-D TANDEM_CRC32C_SSE42` and a CPU that has it
/// (`-target-cpu nehalem` or later, about 8 GB/s here), else by table lookups ("slicing by 8", 1.7 GB/s).
///
/// `state` is the running register; `value` the finished checksum. Updating with two buffers in turn gives
/// the checksum of their concatenation, which lets a record's CRC start from its segment's salt.
struct CRC32C {
    private(set) var state: UInt32 = 0xFFFF_FFFF

    init() {}

    /// The finished checksum of everything added so far.
    var value: UInt32 { ~state }

    /// The checksum of `bytes` alone.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        update(base, count: bytes.count)
    }

    @inline(__always) mutating func update(_ base: UnsafeRawPointer, count: Int) {
        var offset = 0
        #if TANDEM_CRC32C_SSE42
            var wide = UInt64(state)
            while count - offset >= 8 {
                wide = _mm_crc32_u64(wide, base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            var crc = UInt32(truncatingIfNeeded: wide)
            // The tail in at most three steps: byte by byte, each step waits for the one before.
            if count - offset >= 4 {
                crc = _mm_crc32_u32(crc, base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                offset += 4
            }
            if count - offset >= 2 {
                crc = _mm_crc32_u16(crc, base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
                offset += 2
            }
            if offset < count { crc = _mm_crc32_u8(crc, base.load(fromByteOffset: offset, as: UInt8.self)) }
            state = crc
        #else
            updateByTable(base, count: count)
        #endif
    }

    /// The table-driven update: the only one without SSE4.2, and the other one's oracle in the tests.
    mutating func updateByTable(_ base: UnsafeRawPointer, count: Int) {
        let table = Self.table
        var crc = state
        var offset = 0
        while count - offset >= 8 {
            let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian ^ UInt64(crc)
            crc =
                table[7 * 256 + Int(word & 0xFF)] ^ table[6 * 256 + Int((word >> 8) & 0xFF)]
                ^ table[5 * 256 + Int((word >> 16) & 0xFF)] ^ table[4 * 256 + Int((word >> 24) & 0xFF)]
                ^ table[3 * 256 + Int((word >> 32) & 0xFF)] ^ table[2 * 256 + Int((word >> 40) & 0xFF)]
                ^ table[256 + Int((word >> 48) & 0xFF)] ^ table[Int(word >> 56)]
            offset += 8
        }
        while offset < count {
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            offset += 1
        }
        state = crc
    }

    /// Adds an integer's little-endian bytes.
    mutating func update<T: FixedWidthInteger>(integer: T) {
        withUnsafeBytes(of: integer.littleEndian) { update($0) }
    }

    /// Eight tables of 256 entries: table k maps a byte to its CRC after k more zero bytes.
    nonisolated(unsafe) private static let table: UnsafePointer<UInt32> = {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return UnsafePointer(table)
    }()
}
