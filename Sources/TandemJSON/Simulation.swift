import TandemEngine

/// Runs JSON commands through a fresh engine and writes its events as JSON: the core of `tandem simulate`.
///
/// Each input line is one command object (blank lines and lines starting with `#` are skipped). A line that
/// cannot be turned into a command exactly throws an `InputError` and changes nothing; every other line goes to
/// the engine, and its events come back as JSON lines. The output depends only on the configuration and the
/// input, so the same input always gives the same bytes.
public final class Simulation {
    /// The engine the commands go to (for inspection; apply commands through the simulation).
    public let engine: Engine
    let symbols: SymbolTable
    private let decoder: CommandDecoder
    private let encoder: EventEncoder
    private(set) var liveOrders = LiveOrders()
    /// The logical time of the last command; a command without `ts` keeps it.
    public private(set) var timestamp: UInt64 = 0

    /// Builds the engine; fails when the engine refuses the configuration or two symbols are the same.
    public init(configuration: EngineConfiguration) throws(ConfigurationError) {
        engine = try Engine(configuration: configuration)
        symbols = try SymbolTable(configuration)
        decoder = CommandDecoder(symbols: symbols)
        encoder = EventEncoder(symbols: symbols)
    }

    /// Applies one input line and returns its events, one JSON object per line, each ending in a newline.
    ///
    /// A blank or comment line returns an empty string. A line that is not a valid command throws and leaves
    /// the engine and the timestamp as they were.
    public func apply(line: Substring) throws(InputError) -> String {
        let text = line.hasSuffix("\r") ? line.dropLast() : line
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return "" }
        let (command, timestamp) = try decode(text)
        engine.apply(command, timestamp: timestamp)
        self.timestamp = timestamp
        var output = ""
        for event in engine.events {
            liveOrders.record(event)
            output.append(encoder.encode(event))
            output.append("\n")
        }
        return output
    }

    private func decode(_ text: Substring) throws(InputError) -> (Command, UInt64) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw InputError(field: nil, error.description)
        }
        let object = try JSONObject(value, path: "", what: "a command object")
        let kind = try decoder.kind(object)
        let timestamp = try object.optionalUnsigned("ts") ?? self.timestamp
        return (try decoder.decode(object, kind: kind, liveOrders: liveOrders), timestamp)
    }
}
