/// Typed, strict access to the members of a JSON object, with errors that name the field.
///
/// A missing member and a `null` one are the same: absent.
struct JSONObject {
    private let members: [JSONMember]
    /// Prefixed to member names in errors: `""` for a command, `"markets[1]."` inside a configuration.
    private let path: String

    init(_ value: JSONValue, path: String, what: String) throws(InputError) {
        guard case .object(let members) = value else {
            let field = path.isEmpty ? nil : String(path.dropLast())
            throw InputError(field: field, "expected \(what), found \(value.kindName)")
        }
        self.members = members
        self.path = path
    }

    func fieldName(_ key: String) -> String { path + key }

    func error(_ key: String, _ message: String) -> InputError {
        InputError(field: fieldName(key), message)
    }

    /// The member's value, nil when it is missing or null.
    func value(_ key: String) -> JSONValue? {
        guard let member = members.first(where: { $0.key == key }), member.value != .null else { return nil }
        return member.value
    }

    /// Refuses members not in `allowed`, so that a misspelt optional field is not silently ignored.
    func rejectUnknownKeys(allowed: [String], in what: String) throws(InputError) {
        if let unknown = members.first(where: { !allowed.contains($0.key) }) {
            throw error(unknown.key, "unknown field in \(what) (known fields: \(allowed.joined(separator: ", ")))")
        }
    }

    func required(_ key: String) throws(InputError) -> JSONValue {
        guard let value = value(key) else { throw error(key, "missing") }
        return value
    }

    func string(_ key: String) throws(InputError) -> String {
        try string(key, from: try required(key))
    }

    func optionalString(_ key: String) throws(InputError) -> String? {
        guard let value = value(key) else { return nil }
        return try string(key, from: value)
    }

    private func string(_ key: String, from value: JSONValue) throws(InputError) -> String {
        guard case .string(let text) = value else { throw error(key, "expected a string, found \(value.kindName)") }
        return text
    }

    func bool(_ key: String) throws(InputError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw error(key, "expected true or false, found \(value.kindName)") }
        return flag
    }

    func array(_ key: String) throws(InputError) -> [JSONValue] {
        let value = try required(key)
        guard case .array(let elements) = value else { throw error(key, "expected an array, found \(value.kindName)") }
        return elements
    }

    func unsigned<Integer: FixedWidthInteger & UnsignedInteger>(
        _ key: String, as type: Integer.Type = Integer.self
    ) throws(InputError) -> Integer {
        try unsigned(key, from: try required(key))
    }

    func optionalUnsigned<Integer: FixedWidthInteger & UnsignedInteger>(
        _ key: String, as type: Integer.Type = Integer.self
    ) throws(InputError) -> Integer? {
        guard let value = value(key) else { return nil }
        return try unsigned(key, from: value)
    }

    private func unsigned<Integer: FixedWidthInteger & UnsignedInteger>(
        _ key: String, from value: JSONValue
    ) throws(InputError) -> Integer {
        let text = try integerLiteral(key, from: value)
        guard !text.hasPrefix("-") else { throw error(key, "expected a non-negative integer, found \(text)") }
        guard let integer = Integer(text) else { throw error(key, "\(text) is too large (at most \(Integer.max))") }
        return integer
    }

    func signed(_ key: String) throws(InputError) -> Int64 {
        let text = try integerLiteral(key, from: try required(key))
        guard let integer = Int64(text) else {
            throw error(key, "\(text) is out of range (\(Int64.min)...\(Int64.max))")
        }
        return integer
    }

    /// A signed 64-bit integer written as a JSON number or as a string of digits (`-?digits`): counts such as
    /// LP shares can pass 2^53, which many JSON libraries cannot hold in a number.
    func largeInteger(_ key: String) throws(InputError) -> Int64 {
        try largeInteger(key, from: try required(key))
    }

    func optionalLargeInteger(_ key: String) throws(InputError) -> Int64? {
        guard let value = value(key) else { return nil }
        return try largeInteger(key, from: value)
    }

    private func largeInteger(_ key: String, from value: JSONValue) throws(InputError) -> Int64 {
        let text: String
        switch value {
        case .number:
            text = try integerLiteral(key, from: value)
        case .string(let string):
            let digits = string.hasPrefix("-") ? string.utf8.dropFirst() : string.utf8[...]
            guard !digits.isEmpty, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
                throw error(key, "\(JSONWriter.quoted(string)) is not an integer (digits, optionally a leading '-')")
            }
            text = string
        default:
            throw error(key, "expected an integer (a number or a string of digits), found \(value.kindName)")
        }
        guard let integer = Int64(text) else {
            throw error(key, "\(text) is out of range (\(Int64.min)...\(Int64.max))")
        }
        return integer
    }

    /// The text of an integer number: no fraction and no exponent.
    private func integerLiteral(_ key: String, from value: JSONValue) throws(InputError) -> String {
        guard case .number(let text) = value else {
            throw error(key, "expected an integer, found \(value.kindName)")
        }
        guard !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
            throw error(key, "expected an integer, found \(text)")
        }
        return text
    }

    /// A decimal string converted to minor units of an asset with `decimals` decimals.
    ///
    /// `unit` names the asset in errors, e.g. `the quote asset USD`.
    func decimal(_ key: String, decimals: Int, unit: String) throws(InputError) -> Int64 {
        try decimal(key, from: try required(key), decimals: decimals, unit: unit)
    }

    func optionalDecimal(_ key: String, decimals: Int, unit: String) throws(InputError) -> Int64? {
        guard let value = value(key) else { return nil }
        return try decimal(key, from: value, decimals: decimals, unit: unit)
    }

    private func decimal(
        _ key: String, from value: JSONValue, decimals: Int, unit: String
    ) throws(InputError) -> Int64 {
        guard case .string(let text) = value else {
            throw error(key, "expected a decimal string such as \"12.5\", found \(value.kindName)")
        }
        do {
            return try DecimalString.parse(text, decimals: decimals)
        } catch {
            throw self.error(key, Self.describe(error, text: text, decimals: decimals, unit: unit))
        }
    }

    private static func describe(
        _ error: DecimalString.ParseError, text: String, decimals: Int, unit: String
    ) -> String {
        let quoted = JSONWriter.quoted(text)
        switch error {
        case .malformed: return "\(quoted) is not a decimal number (digits, optionally '-' and one '.')"
        case .tooManyDecimals: return "\(quoted) has more decimals than \(unit) allows (\(decimals))"
        case .overflow: return "\(quoted) is too large for \(unit) (\(decimals) decimals, 64-bit minor units)"
        }
    }

    /// A member whose value must be one of `names`, as the matching element of `values`.
    func name<Value>(_ key: String, among cases: [(String, Value)]) throws(InputError) -> Value? {
        guard let text = try optionalString(key) else { return nil }
        guard let match = cases.first(where: { $0.0 == text }) else {
            let list = cases.map { "\"\($0.0)\"" }.joined(separator: ", ")
            throw error(key, "\(JSONWriter.quoted(text)) is not one of \(list)")
        }
        return match.1
    }
}
