import ArgumentParser

/// The `tandem` executable: the server, the simulator, and the journal tools.
@main
struct TandemCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "tandem",
            abstract: "Tandem, a matching engine.",
            version: TandemVersion.description,
            subcommands: [
                SimulateCommand.self, ServeCommand.self, ReplayCommand.self, JournalCommand.self, VersionCommand.self,
            ])
    }
}
