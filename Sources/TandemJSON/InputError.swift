/// Why a command line or a configuration was refused, naming the field at fault when there is one.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's name in a command, or its path in a configuration (`markets[1].tick_size`).
    public var field: String?
    public var message: String

    public init(field: String?, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String {
        guard let field else { return message }
        return "field \"\(field)\": \(message)"
    }
}
