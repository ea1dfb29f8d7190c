/// A JSON object whose members keep the order they were added in, rendered with two-space indentation.
struct JSONObject {
    private enum Value {
        case literal(String)
        case object(JSONObject)
    }

    private var members: [(key: String, value: Value)] = []

    mutating func add(_ key: String, _ value: Int) {
        members.append((key, .literal(value.description)))
    }

    mutating func add(_ key: String, _ value: UInt64) {
        members.append((key, .literal(value.description)))
    }

    mutating func add(_ key: String, _ value: FixedDecimal) {
        members.append((key, .literal(value.description)))
    }

    mutating func add(_ key: String, _ value: Bool) {
        members.append((key, .literal(value ? "true" : "false")))
    }

    mutating func add(_ key: String, _ value: String) {
        members.append((key, .literal(Self.quoted(value))))
    }

    mutating func add(_ key: String, _ value: JSONObject) {
        members.append((key, .object(value)))
    }

    /// Adds the members of `other`, in order, after these.
    mutating func append(contentsOf other: JSONObject) {
        members.append(contentsOf: other.members)
    }

    /// The object as JSON text, nested objects indented by two more spaces per level.
    func rendered(indentation: Int = 0) -> String {
        guard !members.isEmpty else { return "{}" }
        let inner = String(repeating: " ", count: indentation + 2)
        let lines = members.map { member in
            let value =
                switch member.value {
                case .literal(let text): text
                case .object(let object): object.rendered(indentation: indentation + 2)
                }
            return inner + Self.quoted(member.key) + ": " + value
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n" + String(repeating: " ", count: indentation) + "}"
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
