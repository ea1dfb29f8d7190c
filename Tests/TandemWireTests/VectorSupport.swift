import Foundation
import TandemWire

/// A field value as a vector's JSON writes it: integers keep their literal text.
enum VectorValue: Equatable, CustomStringConvertible {
    case integer(String)
    case string(String)
    case bool(Bool)
    case null

    init(_ json: VectorJSON) throws {
        switch json {
        case .number(let text): self = .integer(text)
        case .string(let text): self = .string(text)
        case .bool(let value): self = .bool(value)
        case .null: self = .null
        default: throw VectorError("unexpected \(json) in a vector")
        }
    }

    var description: String {
        switch self {
        case .integer(let text): text
        case .string(let text): "\"\(text)\""
        case .bool(let value): "\(value)"
        case .null: "null"
        }
    }
}

/// The `fields` object of a vector, read with the types the generated `vectorMessage` asks for.
struct VectorFields {
    let members: [(key: String, value: VectorJSON)]

    func value(_ key: String) throws -> VectorJSON {
        guard let member = members.first(where: { $0.key == key }) else { throw VectorError("missing \(key)") }
        return member.value
    }

    func integer<Value: FixedWidthInteger>(_ key: String) throws -> Value {
        guard case .number(let text) = try value(key), let value = Value(text) else {
            throw VectorError("\(key) is not a \(Value.self)")
        }
        return value
    }

    func optionalInteger<Value: FixedWidthInteger>(_ key: String) throws -> Value? {
        try value(key) == .null ? nil : integer(key) as Value
    }

    func bool(_ key: String) throws -> Bool {
        guard case .bool(let value) = try value(key) else { throw VectorError("\(key) is not a boolean") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard case .string(let text) = try value(key) else { throw VectorError("\(key) is not a string") }
        return text
    }

    func enumeration<Value: WireEnumeration>(_ key: String) throws -> Value {
        guard let value = Value(name: try string(key)) else { throw VectorError("\(key): unknown name") }
        return value
    }

    func optionalEnumeration<Value: WireEnumeration>(_ key: String) throws -> Value? {
        try value(key) == .null ? nil : enumeration(key) as Value
    }

    func symbol(_ key: String) throws -> WireSymbol {
        guard let symbol = WireSymbol(try string(key)) else { throw VectorError("\(key) is not a symbol") }
        return symbol
    }

    func bytes32(_ key: String) throws -> WireBytes32 {
        guard let bytes = WireBytes32(hex: try string(key)) else { throw VectorError("\(key) is not 32 hex bytes") }
        return bytes
    }
}

/// One test vector of `Protocol/vectors`: a frame's bytes and the message they hold.
struct Vector {
    let name: String
    let bytes: [UInt8]
    let messageName: String
    let typeCode: UInt8
    let fields: [(key: String, value: VectorJSON)]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Protocol/vectors")

    /// Every vector, by file name.
    static func all() throws -> [Vector] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        return try names.map(load)
    }

    static func load(_ name: String) throws -> Vector {
        let hex = try String(contentsOf: directory.appendingPathComponent(name + ".hex"), encoding: .utf8)
        let json = try String(contentsOf: directory.appendingPathComponent(name + ".json"), encoding: .utf8)
        let document = try VectorJSON.parse(json)
        guard case .string(let messageName)? = document["message"], case .number(let type)? = document["type"],
            let typeCode = UInt8(type), case .object(let fields)? = document["fields"]
        else { throw VectorError("\(name).json: expected message, type and fields") }
        return Vector(
            name: name, bytes: try bytes(hex: hex), messageName: messageName, typeCode: typeCode, fields: fields)
    }

    /// The bytes of hexadecimal text; whitespace is ignored.
    static func bytes(hex: String) throws -> [UInt8] {
        let digits = hex.filter { !$0.isWhitespace }
        guard digits.count % 2 == 0 else { throw VectorError("odd number of hex digits") }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { throw VectorError("bad hex digit") }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// The message the JSON describes.
    func message() throws -> Wire.Message {
        try vectorMessage(named: messageName, fields: VectorFields(members: fields))
    }

    /// The JSON's fields as values, in order.
    func fieldValues() throws -> [(String, VectorValue)] {
        try fields.map { ($0.key, try VectorValue($0.value)) }
    }
}

struct VectorError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Encoding and decoding helpers over byte arrays.
enum WireTesting {
    /// The frame of `message`.
    static func encode(_ message: Wire.Message) -> [UInt8] {
        let buffer = WireOutputBuffer(capacity: Wire.maxFrameLength)
        precondition(buffer.append(message))
        return Array(buffer.bytes)
    }

    /// Every message in `bytes`, fed to a framer in pieces of `chunk` bytes, with decode errors in their place.
    /// A `frameTooLarge` error ends the list: nothing after it can be read.
    static func decodeStream(_ bytes: [UInt8], chunk: Int = .max, capacity: Int = 4096)
        -> [Result<Wire.Message, WireError>]
    {
        let framer = WireFramer(capacity: capacity)
        var results: [Result<Wire.Message, WireError>] = []
        let readable = bytes.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count {
                let end = offset + min(chunk, all.count - offset)
                offset += framer.append(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
                guard drain(framer, into: &results) else { return false }
            }
            return true
        }
        guard readable else { return results }
        do throws(WireError) {
            try framer.finish()
        } catch {
            results.append(.failure(error))
        }
        return results
    }

    /// Reads every complete frame; false after a `frameTooLarge`.
    private static func drain(_ framer: WireFramer, into results: inout [Result<Wire.Message, WireError>]) -> Bool {
        while true {
            do throws(WireError) {
                guard let message = try framer.nextMessage() else { return true }
                results.append(.success(message))
            } catch {
                results.append(.failure(error))
                if case .frameTooLarge = error { return false }
            }
        }
    }
}
