/// A parsed JSON value. Objects keep their members in input order, and numbers keep their literal text, so
/// integers of any size convert exactly and nothing depends on hash-table order.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written (validated against the JSON number grammar).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// A short description of the value's kind, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One `"key": value` member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
