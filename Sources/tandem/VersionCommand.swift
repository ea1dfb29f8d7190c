import ArgumentParser

/// `tandem version`: prints Tandem's version and the version of the libuv it runs with.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the versions of Tandem and of the libuv it is linked with.")

    func run() {
        print("tandem \(TandemVersion.tandem)")
        print("libuv \(TandemVersion.libuv)")
    }
}
