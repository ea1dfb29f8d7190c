#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file-system calls the journal makes, retrying on `EINTR` and failing with a `JournalError` that names
/// the call and the path.
enum SystemCall {
    static func message(_ code: Int32) -> String { String(cString: strerror(code)) }

    static func failure(_ operation: String, _ path: String, code: Int32 = errno) -> JournalError {
        .system(operation: operation, path: path, code: code)
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func openFile(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(JournalError) -> Int32 {
        while true {
            let descriptor = open(path, flags | O_CLOEXEC, mode)
            if descriptor >= 0 { return descriptor }
            if errno != EINTR { throw failure("open", path) }
        }
    }

    static func closeFile(_ descriptor: Int32) {
        _ = close(descriptor)
    }

    /// Writes all of `count` bytes at `offset`.
    static func writeFully(
        _ descriptor: Int32, _ bytes: UnsafeRawPointer, count: Int, offset: Int, path: String
    ) throws(JournalError) {
        var done = 0
        while done < count {
            let written = pwrite(descriptor, bytes + done, count - done, off_t(offset + done))
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            done += written
        }
    }

    /// Writes all of `bytes` at `offset`.
    static func writeFully(_ descriptor: Int32, bytes: [UInt8], offset: Int, path: String) throws(JournalError) {
        var failure: JournalError?
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            do throws(JournalError) {
                try writeFully(descriptor, base, count: buffer.count, offset: offset, path: path)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Reads up to `count` bytes at `offset` into a new array; fewer only at the end of the file.
    static func readFully(_ descriptor: Int32, count: Int, offset: Int, path: String) throws(JournalError) -> [UInt8] {
        var failure: JournalError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else {
                initialized = 0
                return
            }
            do throws(JournalError) {
                initialized = try readFully(descriptor, into: base, count: count, offset: offset, path: path)
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Reads up to `count` bytes at `offset`; fewer only at the end of the file.
    static func readFully(
        _ descriptor: Int32, into bytes: UnsafeMutableRawPointer, count: Int, offset: Int, path: String
    ) throws(JournalError) -> Int {
        var done = 0
        while done < count {
            let read = pread(descriptor, bytes + done, count - done, off_t(offset + done))
            if read < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if read == 0 { break }
            done += read
        }
        return done
    }

    /// Makes the file's data durable (and the metadata needed to read it back).
    static func syncData(_ descriptor: Int32, path: String) throws(JournalError) {
        #if os(Linux)
            let result = fdatasync(descriptor)
        #else
            let result = fsync(descriptor)
        #endif
        guard result == 0 else { throw failure("fdatasync", path) }
    }

    /// Makes the file's data and all its metadata durable.
    static func sync(_ descriptor: Int32, path: String) throws(JournalError) {
        guard fsync(descriptor) == 0 else { throw failure("fsync", path) }
    }

    /// Makes the directory's entries (created, renamed, removed files) durable.
    static func syncDirectory(_ path: String) throws(JournalError) {
        let descriptor = try openFile(path, O_RDONLY | O_DIRECTORY)
        defer { closeFile(descriptor) }
        try sync(descriptor, path: path)
    }

    /// Reserves `size` bytes of disk for the file (reading as zeros), so that writes cannot run out of space.
    static func allocate(_ descriptor: Int32, size: Int, path: String) throws(JournalError) {
        #if os(Linux)
            let code = posix_fallocate(descriptor, 0, off_t(size))
            guard code == 0 else { throw failure("fallocate", path, code: code) }
        #else
            guard ftruncate(descriptor, off_t(size)) == 0 else { throw failure("ftruncate", path) }
        #endif
    }

    /// Writes zeros over `range`: unlike allocated space, written zeros cost no metadata update on a later write.
    static func writeZeros(_ descriptor: Int32, range: Range<Int>, path: String) throws(JournalError) {
        let chunk = 1 << 20
        let zeros = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 4096)
        defer { zeros.deallocate() }
        zeros.initializeMemory(as: UInt8.self, repeating: 0, count: chunk)
        var offset = range.lowerBound
        while offset < range.upperBound {
            let count = min(chunk, range.upperBound - offset)
            try writeFully(descriptor, zeros, count: count, offset: offset, path: path)
            offset += count
        }
    }

    static func fileSize(_ descriptor: Int32, path: String) throws(JournalError) -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("fstat", path) }
        return Int(status.st_size)
    }

    static func renameFile(_ from: String, to: String) throws(JournalError) {
        guard rename(from, to) == 0 else { throw failure("rename", from) }
    }

    static func removeFile(_ path: String) throws(JournalError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw failure("unlink", path) }
    }

    static func makeDirectory(_ path: String) throws(JournalError) {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw failure("mkdir", path) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a directory (without `.` and `..`), sorted bytewise.
    static func list(_ path: String) throws(JournalError) -> [String] {
        guard let directory = opendir(path) else { throw failure("opendir", path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Takes an exclusive advisory lock on the file, or returns false when another process holds it.
    static func tryLock(_ descriptor: Int32, path: String) throws(JournalError) -> Bool {
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
        if errno == EWOULDBLOCK { return false }
        throw failure("flock", path)
    }

    /// Maps `size` bytes of the file read-only.
    static func map(_ descriptor: Int32, size: Int, path: String) throws(JournalError) -> UnsafeRawPointer {
        let address = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0)
        guard let address, address != MAP_FAILED else { throw failure("mmap", path) }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        return UnsafeRawPointer(address)
    }

    static func unmap(_ address: UnsafeRawPointer, size: Int) {
        _ = munmap(UnsafeMutableRawPointer(mutating: address), size)
    }
}
