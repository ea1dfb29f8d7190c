import CLibUV

/// The versions `tandem version` reports.
enum TandemVersion {
    static let tandem = "0.1.0"

    /// The version of the libuv this executable is linked with, as libuv reports it at run time.
    static var libuv: String { String(cString: uv_version_string()) }

    static var description: String { "tandem \(tandem) (libuv \(libuv))" }
}
