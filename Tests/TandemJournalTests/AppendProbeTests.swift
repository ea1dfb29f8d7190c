import Foundation
import Synchronization
import TandemEngine
import XCTest

@testable import TandemJournal

final class AppendProbeTests: XCTestCase {
    func testEncodeCost() throws {
        guard let directory = ProcessInfo.processInfo.environment["TANDEM_JOURNAL_BENCH_DIR"] else { throw XCTSkip("") }
        let commands = try JournalBenchmarkTests.workload(count: 1_000_000)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: 1 << 22, alignment: 64)
        for (mode, mask) in [(0, 63), (3, 63), (3, 4095), (3, 63), (3, 4095), (0, 63)] {
            let engine = try Engine(configuration: JournalBenchmarkTests.configuration)
            var writer: JournalWriter?
            if mode == 3 {
                try? FileManager.default.removeItem(atPath: directory + "/probe")
                writer = try Journal.open(
                    directory: directory + "/probe", configuration: JournalBenchmarkTests.configuration,
                    options: JournalWriter.Options(durability: .none)).writer
            }
            var clock = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &clock)
            let start = clock.tv_sec * 1_000_000_000 + clock.tv_nsec
            var offset = 0
            for (index, command) in commands.enumerated() {
                engine.apply(command, timestamp: UInt64(index))
                switch mode {
                case 1, 2:
                    let size = CommandCodec.size(command)
                    var eventBytes = EventCodec.headerSize
                    for i in engine.events.indices { eventBytes += EventCodec.size(engine.events[i].body) }
                    if offset + size + eventBytes + 64 > (mode == 1 ? 1 << 16 : 1 << 22) { offset = 0 }
                    var w = PayloadWriter(scratch + offset)
                    CommandCodec.encode(command, to: &w)
                    EventChunks.encode(engine.events[...], to: &w)
                    offset += (w.offset + 7) & ~7
                case 3:
                    writer!.append(command: command, timestamp: UInt64(index), events: engine.events)
                    if index & mask == mask { writer!.commit() }
                default: break
                }
            }
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &clock)
            let end = clock.tv_sec * 1_000_000_000 + clock.tv_nsec
            try writer?.close()
            print("mode \(mode) commit every \(mask + 1): \((end - start) / commands.count) ns/command, stalls \(writer?.stallCount ?? 0)")
        }
    }
}
