import ArgumentParser
import TandemWire

/// `loadtest codec`: encodes and decodes the wire protocol's order-entry messages in process, on one thread.
struct CodecBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Encodes and decodes the wire protocol's order-entry messages in process.",
        discussion: """
            For each order-entry message type, then for the six types in turn: batches of 512 messages are \
            encoded into an output buffer, copied into a framer as a socket read would, framed and decoded into \
            `Wire.Message`s. A message counts once for its encode plus its decode. The decoded client ids are \
            summed and checked.
            """)

    static let batchSize = 512
    static let maximumMessages = 1_000_000_000

    @Option(help: "Messages per measurement (default 20,000,000).")
    var messages = 20_000_000

    @Flag(help: "Print only the JSON summary and the one-line summary.")
    var quiet = false

    func validate() throws {
        guard (1...Self.maximumMessages).contains(messages) else {
            throw ValidationError("--messages must be between 1 and \(Self.maximumMessages.grouped)")
        }
    }

    func run() throws {
        let workload = CodecWorkload()
        let mask = CodecWorkload.ringSize - 1
        let count = messages
        let measurements: [(String, () throws -> UInt64)] = [
            ("new_order", { try Self.measure(count) { $0.append(workload.newOrders[$1 & mask]) } }),
            ("cancel_order", { try Self.measure(count) { $0.append(workload.cancels[$1 & mask]) } }),
            ("replace_order", { try Self.measure(count) { $0.append(workload.replaces[$1 & mask]) } }),
            ("mass_cancel", { try Self.measure(count) { $0.append(workload.massCancels[$1 & mask]) } }),
            ("add_liquidity", { try Self.measure(count) { $0.append(workload.adds[$1 & mask]) } }),
            ("remove_liquidity", { try Self.measure(count) { $0.append(workload.removes[$1 & mask]) } }),
            ("mix", { try Self.measure(count) { Self.appendMixed(workload, index: $1, to: $0) } }),
        ]
        var json = JSONObject()
        json.add("benchmark", "codec")
        json.add("messages_per_measurement", messages)
        var rates: [(name: String, rate: Int)] = []
        for (name, measurement) in measurements {
            let nanoseconds = try measurement()
            let rate = FixedDecimal(messages * 1_000_000_000, over: Int(nanoseconds), places: 0).scaled
            var entry = JSONObject()
            entry.add("messages_per_second", rate)
            entry.add("ns_per_message", FixedDecimal(Int(nanoseconds), over: messages, places: 2))
            json.add(name, entry)
            rates.append((name, rate))
            if !quiet {
                Console.progress("\(name): \(rate.grouped) messages/s")
            }
        }
        print(json.rendered())
        let slowest = rates.dropLast().min { $0.rate < $1.rate }!
        print(
            "codec: \(rates.last!.rate.grouped) order-entry messages/s encoded and decoded (mix); "
                + "slowest type \(slowest.name) \(slowest.rate.grouped)/s")
    }

    /// Message `index` of the mix: the six types in turn.
    @inline(__always)
    static func appendMixed(_ workload: CodecWorkload, index: Int, to output: WireOutputBuffer) {
        let slot = index & (CodecWorkload.ringSize - 1)
        switch index % 6 {
        case 0: output.append(workload.newOrders[slot])
        case 1: output.append(workload.cancels[slot])
        case 2: output.append(workload.replaces[slot])
        case 3: output.append(workload.massCancels[slot])
        case 4: output.append(workload.adds[slot])
        default: output.append(workload.removes[slot])
        }
    }

    /// Wall nanoseconds to encode `count` messages with `encode(output, index)` and decode them again.
    @inline(__always)
    static func measure(_ count: Int, encode: (WireOutputBuffer, Int) -> Void) throws -> UInt64 {
        let output = WireOutputBuffer(capacity: 64 * 1024)
        let framer = WireFramer(capacity: 64 * 1024)
        var expected: UInt64 = 0
        for index in 0..<count {
            expected &+= CodecWorkload.clientId(UInt64(index & (CodecWorkload.ringSize - 1)))
        }
        var checksum: UInt64 = 0
        var index = 0
        let start = Clock.monotonicNanoseconds()
        while index < count {
            let end = min(index + batchSize, count)
            output.removeAll()
            for position in index..<end {
                encode(output, position)
            }
            guard framer.append(output.bytes) == output.count else { throw BenchmarkError("framer overflow") }
            while let message = try framer.nextMessage() {
                checksum &+= CodecWorkload.clientId(of: message)
            }
            index = end
        }
        let elapsed = Clock.monotonicNanoseconds() - start
        guard checksum == expected, framer.bufferedByteCount == 0 else {
            throw BenchmarkError("decoded messages differ from the encoded ones")
        }
        return elapsed
    }
}
