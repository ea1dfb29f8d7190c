/// A strict JSON parser (RFC 8259) that reports where the text went wrong.
///
/// It is written by hand rather than on Foundation so that numbers keep their exact text, member order is the
/// input's, and a duplicate key is an error instead of silently winning.
public struct JSONParser {
    /// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
    public static let maximumDepth = 64

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    private init(_ text: Substring) {
        bytes = Array(text.utf8)
    }

    /// Parses one JSON value that must make up the whole text (surrounding whitespace allowed).
    public static func parse(_ text: Substring) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(text)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the value") }
        return value
    }

    /// Parses one JSON value that must make up the whole text (surrounding whitespace allowed).
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(text[...])
    }

    private func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, bytes: bytes, offset: offset ?? position)
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == .space || byte == .tab || byte == .newline || byte == .carriageReturn {
            position += 1
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard let byte = current else { throw error("expected a value, found the end of the text") }
        switch byte {
        case .openBrace: return try parseObject()
        case .openBracket: return try parseArray()
        case .quote: return .string(try parseString())
        case .minus, .zero...(.nine): return .number(try parseNumber())
        case .letterT:
            try expectWord("true")
            return .bool(true)
        case .letterF:
            try expectWord("false")
            return .bool(false)
        case .letterN:
            try expectWord("null")
            return .null
        default: throw error("expected a value")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
        let start = position
        for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard current == expected else { throw error("expected a value", at: start) }
            position += 1
        }
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        position += 1
        skipWhitespace()
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        var members: [JSONMember] = []
        if current == .closeBrace {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            guard current == .quote else { throw error("expected a string key") }
            let keyOffset = position
            let key = try parseString()
            guard !members.contains(where: { $0.key == key }) else {
                throw error("duplicate key \"\(key)\"", at: keyOffset)
            }
            skipWhitespace()
            guard current == .colon else { throw error("expected ':' after the key") }
            position += 1
            skipWhitespace()
            members.append(JSONMember(key: key, value: try parseValue()))
            skipWhitespace()
            if current == .comma {
                position += 1
                skipWhitespace()
            } else if current == .closeBrace {
                position += 1
                depth -= 1
                return .object(members)
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        if current == .closeBracket {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            if current == .comma {
                position += 1
                skipWhitespace()
            } else if current == .closeBracket {
                position += 1
                depth -= 1
                return .array(elements)
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = position
        if current == .minus { position += 1 }
        guard let first = current, (.zero)...(.nine) ~= first else { throw error("expected a digit") }
        position += 1
        if first != .zero { skipDigits() }
        if current == .period {
            position += 1
            guard skipRequiredDigits() else { throw error("expected a digit after '.'") }
        }
        if current == .letterE || current == .capitalE {
            position += 1
            if current == .plus || current == .minus { position += 1 }
            guard skipRequiredDigits() else { throw error("expected a digit in the exponent") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func skipDigits() {
        while let byte = current, (.zero)...(.nine) ~= byte { position += 1 }
    }

    /// Skips digits; false when there was none.
    private mutating func skipRequiredDigits() -> Bool {
        let start = position
        skipDigits()
        return position > start
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = position
        position += 1
        var scalars = String.UnicodeScalarView()
        var runStart = position
        while true {
            guard let byte = current else { throw error("unterminated string", at: start) }
            if byte == .quote {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<position], as: UTF8.self).unicodeScalars)
                position += 1
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character in a string") }
            if byte == .backslash {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<position], as: UTF8.self).unicodeScalars)
                scalars.append(try parseEscape())
                runStart = position
            } else {
                position += 1
            }
        }
    }

    private mutating func parseEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let start = position
        position += 1
        guard let byte = current else { throw error("unterminated escape", at: start) }
        position += 1
        switch byte {
        case .quote: return "\""
        case .backslash: return "\\"
        case .slash: return "/"
        case .letterB: return "\u{08}"
        case .letterF: return "\u{0C}"
        case .letterN: return "\n"
        case .letterR: return "\r"
        case .letterT: return "\t"
        case .letterU: return try parseUnicodeEscape(start: start)
        default: throw error("invalid escape", at: start)
        }
    }

    private mutating func parseUnicodeEscape(start: Int) throws(JSONSyntaxError) -> Unicode.Scalar {
        let unit = try parseHex4()
        if (0xD800...0xDBFF).contains(unit) {
            guard current == .backslash, position + 1 < bytes.count, bytes[position + 1] == .letterU else {
                throw error("unpaired surrogate in \\u escape", at: start)
            }
            position += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in \\u escape", at: start) }
            let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            if let scalar = Unicode.Scalar(value) { return scalar }
        } else if let scalar = Unicode.Scalar(unit) {
            return scalar
        }
        throw error("unpaired surrogate in \\u escape", at: start)
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexValue(byte) else {
                throw error("expected four hexadecimal digits after \\u")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case .zero...(.nine): UInt32(byte - .zero)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}

/// Text that is not valid JSON, with the line and column (1-based, in bytes) where parsing stopped.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    init(message: String, bytes: [UInt8], offset: Int) {
        self.message = message
        let end = min(offset, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == .newline {
            line += 1
            lineStart = index + 1
        }
        self.line = line
        self.column = end - lineStart + 1
    }

    /// The message with its column, for text that is one line.
    public var description: String { "invalid JSON at column \(column): \(message)" }
}

extension UInt8 {
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let newline = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let plus = UInt8(ascii: "+")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let minus = UInt8(ascii: "-")
    fileprivate static let period = UInt8(ascii: ".")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let zero = UInt8(ascii: "0")
    fileprivate static let nine = UInt8(ascii: "9")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let capitalE = UInt8(ascii: "E")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let letterB = UInt8(ascii: "b")
    fileprivate static let letterE = UInt8(ascii: "e")
    fileprivate static let letterF = UInt8(ascii: "f")
    fileprivate static let letterN = UInt8(ascii: "n")
    fileprivate static let letterR = UInt8(ascii: "r")
    fileprivate static let letterT = UInt8(ascii: "t")
    fileprivate static let letterU = UInt8(ascii: "u")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
}
