/// Builds one JSON object on one line, members in the order they are added.
struct JSONLine {
    private var text = "{"

    var result: String { text + "}" }

    private mutating func key(_ key: String) {
        if text.utf8.count > 1 { text += "," }
        text += Self.quoted(key) + ":"
    }

    mutating func integer(_ key: String, _ value: some BinaryInteger) {
        self.key(key)
        text += String(value)
    }

    mutating func string(_ key: String, _ value: String) {
        self.key(key)
        text += Self.quoted(value)
    }

    mutating func bool(_ key: String, _ value: Bool) {
        self.key(key)
        text += value ? "true" : "false"
    }

    /// A member whose value is already JSON text (an object or an array).
    mutating func json(_ key: String, _ value: String) {
        self.key(key)
        text += value
    }

    static func array(_ elements: [String]) -> String {
        "[" + elements.joined(separator: ",") + "]"
    }

    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
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
