/// A JSON value of a test vector. Numbers keep their literal text, so 64-bit integers convert exactly;
/// objects keep their members in order.
enum VectorJSON: Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([VectorJSON])
    case object([(key: String, value: VectorJSON)])

    static func == (lhs: VectorJSON, rhs: VectorJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)), (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    /// The member `key` of an object.
    subscript(_ key: String) -> VectorJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Parses `text`, which must hold exactly one JSON value.
    static func parse(_ text: String) throws -> VectorJSON {
        var reader = Reader(bytes: Array(text.utf8))
        let value = try reader.value()
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else { throw VectorError("trailing characters in JSON") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        mutating func value() throws -> VectorJSON {
            skipWhitespace()
            guard index < bytes.count else { throw VectorError("unexpected end of JSON") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws {
            let word = Array(word.utf8)
            guard bytes[index...].starts(with: word) else { throw VectorError("bad JSON literal") }
            index += word.count
        }

        mutating func expect(_ character: Character) throws {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == character.asciiValue else {
                throw VectorError("expected \(character) in JSON")
            }
            index += 1
        }

        mutating func peek(_ character: Character) -> Bool {
            skipWhitespace()
            return index < bytes.count && bytes[index] == character.asciiValue
        }

        mutating func object() throws -> VectorJSON {
            try expect("{")
            var members: [(key: String, value: VectorJSON)] = []
            if peek("}") {
                index += 1
                return .object(members)
            }
            repeat {
                skipWhitespace()
                let key = try string()
                try expect(":")
                members.append((key, try value()))
            } while try separator("}")
            return .object(members)
        }

        mutating func array() throws -> VectorJSON {
            try expect("[")
            var elements: [VectorJSON] = []
            if peek("]") {
                index += 1
                return .array(elements)
            }
            repeat {
                elements.append(try value())
            } while try separator("]")
            return .array(elements)
        }

        /// True after a comma, false after the closing character.
        mutating func separator(_ closing: Character) throws -> Bool {
            if peek(",") {
                index += 1
                return true
            }
            try expect(closing)
            return false
        }

        mutating func string() throws -> String {
            guard bytes[index] == UInt8(ascii: "\"") else { throw VectorError("expected a JSON string") }
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                guard bytes[index] != UInt8(ascii: "\\") else { throw VectorError("escapes are not used in vectors") }
                index += 1
            }
            guard index < bytes.count else { throw VectorError("unterminated JSON string") }
            index += 1
            return String(decoding: bytes[start..<index - 1], as: UTF8.self)
        }

        mutating func number() throws -> String {
            let start = index
            while index < bytes.count, "-+.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
            guard index > start else { throw VectorError("bad JSON value") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }
}
