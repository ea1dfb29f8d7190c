import ArgumentParser

/// The `tandem` executable: the simulator now, the server later.
@main
struct TandemCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "tandem",
            abstract: "Tandem, a matching engine.",
            version: TandemVersion.description,
            subcommands: [SimulateCommand.self, ServeCommand.self, VersionCommand.self])
    }
}
