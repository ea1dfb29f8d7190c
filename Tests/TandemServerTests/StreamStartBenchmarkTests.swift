import Foundation
import Testing

@testable import TandemServer

/// How long start-up takes to number the sessions' streams from a journal; skipped unless
/// `TANDEM_STREAM_BENCH_DIR` names a data directory, such as the one `JournalBenchmarkTests` writes:
///
///     TANDEM_STREAM_BENCH_DIR=/tmp/bench/async swift test -c release -Xswiftc -enable-testing \
///         --skip-build --filter StreamStartBenchmarkTests
@Suite struct StreamStartBenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TANDEM_STREAM_BENCH_DIR"] != nil))
    func numberingTheStreamsOfAWholeJournal() throws {
        let directory = ProcessInfo.processInfo.environment["TANDEM_STREAM_BENCH_DIR"]!
        let start = DispatchTime.now().uptimeNanoseconds
        let starts = try StreamStart.read(directory: directory, through: .max, accounts: Array(1...200), administrator: nil)
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        let reports = starts.values.reduce(0) { $0 + Int($1.nextSequence) - 1 }
        print("numbered \(reports) reports of \(starts.count) accounts in \(elapsed / 1_000_000) ms")
        #expect(reports > 0)
    }
}
