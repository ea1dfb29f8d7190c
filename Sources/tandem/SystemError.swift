#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call, described by `strerror` of the `errno` it left.
struct SystemError: Error, CustomStringConvertible {
    var code: Int32

    /// The error of the system call that just failed.
    static var current: SystemError { SystemError(code: errno) }

    var description: String { String(cString: strerror(code)) }
}
