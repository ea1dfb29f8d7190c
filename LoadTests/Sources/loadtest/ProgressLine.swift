#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The live progress line of `loadtest tcp`: rewritten in place on standard error when it is a terminal, twice a
/// second; nothing when it is not.
struct ProgressLine {
    static let period: UInt64 = 500_000_000

    /// What the line shows.
    struct Figures {
        var elapsed: UInt64
        var sentPerSecond: Int
        var answeredPerSecond: Int
        var p50: Int
        var p99: Int
        var inFlight: Int
        var errors: Int
    }

    private let enabled: Bool
    private var nextUpdate: UInt64 = 0
    private var shown = false

    init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    /// Whether the line is due for an update at `now`.
    func isDue(at now: UInt64) -> Bool {
        enabled && now >= nextUpdate
    }

    mutating func show(_ figures: Figures, at now: UInt64) {
        nextUpdate = now + Self.period
        shown = true
        emit("\r\u{1B}[K" + Self.text(figures))
    }

    /// Ends the line so that what follows starts on a new one.
    mutating func finish() {
        if shown {
            emit("\n")
            shown = false
        }
    }

    static func text(_ figures: Figures) -> String {
        "\(FixedDecimal(Int(figures.elapsed), over: 1_000_000_000, places: 1)) s  "
            + "sent \(figures.sentPerSecond.grouped)/s  answered \(figures.answeredPerSecond.grouped)/s  "
            + "p50 \(DurationText.nanoseconds(figures.p50))  p99 \(DurationText.nanoseconds(figures.p99))  "
            + "in flight \(figures.inFlight.grouped)  errors \(figures.errors.grouped)"
    }

    private func emit(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count)
        }
    }
}
