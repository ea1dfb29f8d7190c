import TandemEngine
import TandemJSON
import TandemJournal

/// Where the server's state comes from: a fresh engine, or the data directory's journal (new or recovered).
struct ServerStore {
    let engine: Engine
    let journal: JournalWriter?
    /// How many of the configuration's opening deposits the journal already holds: they are its first
    /// commands, journaled before any client is let in, so a journal with fewer commands and no snapshot was
    /// cut short while they were being written and the rest are still to be made.
    let depositsJournaled: Int
    /// The logical time of the last journaled command (0 when new).
    let lastTimestamp: UInt64
    /// One line on what was found, for the operator; nil without a data directory.
    let report: String?

    static func open(
        configuration: ServerConfiguration, options: ServerOptions, wakeUp: AsyncSignal
    ) throws(ServerError) -> ServerStore {
        guard let directory = options.dataDirectory else {
            do {
                let engine = try Engine(configuration: configuration.engine)
                return ServerStore(engine: engine, journal: nil, depositsJournaled: 0, lastTimestamp: 0, report: nil)
            } catch {
                throw ServerError("configuration: \(error)")
            }
        }
        let opened: Journal.Opened
        do {
            opened = try Journal.open(
                directory: directory, configuration: configuration.engine,
                options: JournalWriter.Options(
                    durability: options.durability, snapshotInterval: options.snapshotInterval),
                onDurable: { _ in wakeUp.send() }, onFailure: { _ in wakeUp.send() })
        } catch {
            throw ServerError("data directory \(directory): \(error)")
        }
        guard opened.configuration == configuration.engine else {
            try? opened.writer.close()
            throw ServerError(
                "data directory \(directory) holds a journal of another configuration (markets, assets, fees or "
                    + "accounts differ); use the configuration it was created with, or another directory")
        }
        guard let recovery = opened.recovery else {
            return ServerStore(
                engine: opened.engine, journal: opened.writer, depositsJournaled: 0, lastTimestamp: 0,
                report: "data directory \(directory): new journal")
        }
        let snapshot = recovery.snapshotSequence.map { "snapshot at record \($0)" } ?? "no snapshot"
        let truncated = recovery.truncation.map { "; \($0)" } ?? ""
        return ServerStore(
            engine: opened.engine, journal: opened.writer,
            depositsJournaled: recovery.snapshotSequence == nil ? recovery.replayedCommands : .max,
            lastTimestamp: recovery.lastTimestamp,
            report: "data directory \(directory): recovered from \(snapshot) and \(recovery.replayedRecords) "
                + "journal records (\(recovery.replayedCommands) commands), next record \(recovery.nextSequence), "
                + "state hash \(hex(opened.engine.stateHash()))\(truncated)")
    }
}

/// A state hash as the journal tools print it: 16 hexadecimal digits.
func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
