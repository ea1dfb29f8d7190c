import TandemWire
import Testing

@testable import loadtest

@Suite struct TcpReportingTests {
    @Test func openLoopDueTimesDoNotDependOnWhenRequestsWereSent() {
        var schedule = OpenLoopSchedule(rate: 100_000, start: 1_000)
        #expect((0..<4).map { _ in schedule.nextDue() } == [1_000, 11_000, 21_000, 31_000])
    }

    @Test func aMeasurementCountsTheAnswersFromItsStart() {
        var measurement = TcpMeasurement(targetRate: 1_000, start: 1_000_000_000)
        for index in 0..<100 {
            let due = 1_000_000_000 + UInt64(index) * 10_000_000
            measurement.recordSent(at: due)
            measurement.recordAnswer(index % 2 == 0 ? .newOrder : .cancel, latency: 50_000, at: due + 50_000)
        }
        #expect(measurement.answered == 100)
        #expect(measurement.byKind[TcpRequest.Kind.newOrder.rawValue].count == 50)
        #expect(measurement.byKind[TcpRequest.Kind.replace.rawValue].count == 0)
        // 100 answers over 0.99005 s.
        #expect(measurement.answeredPerSecond == 101)
        #expect((50_000...50_032).contains(measurement.overall.nanoseconds(atPercentile: 50)))
    }

    @Test func theTimelineClosesEveryIntervalEvenEmptyOnes() {
        var timeline = TcpTimeline(origin: 1_000, interval: 100)
        timeline.recordSent()
        timeline.recordAnswer(latency: 40)
        timeline.advance(to: 1_099)
        #expect(timeline.points.isEmpty)
        timeline.advance(to: 1_350)
        #expect(timeline.points.count == 3)
        #expect(timeline.points[0] == .init(end: 100, sent: 1, answered: 1, p50: 40, p99: 40))
        #expect(timeline.points[1] == .init(end: 200, sent: 0, answered: 0, p50: 0, p99: 0))
        #expect(TcpTimeline.interval(forDuration: 10_000_000_000) == 100_000_000)
        #expect(TcpTimeline.interval(forDuration: 600_000_000_000) == 1_000_000_000)
    }

    @Test func stepsRiseByTheFactorUntilTheMedianPassesTheBound() {
        var steps = StepController(startRate: 1_000, factor: 2, medianBound: 10_000, maximumRate: 100_000)
        #expect(steps.next(median: 5_000, errors: 0) == 2_000)
        #expect(steps.next(median: 9_000, errors: 0) == 4_000)
        #expect(steps.next(median: 10_001, errors: 0) == nil)
        #expect(steps.stopReason?.contains("passed") == true)

        var capped = StepController(startRate: 60_000, factor: 2, medianBound: 10_000, maximumRate: 100_000)
        #expect(capped.next(median: 1, errors: 0) == nil)
        #expect(capped.stopReason?.contains("maximum") == true)

        var failing = StepController(startRate: 10, factor: 1.01, medianBound: 10_000, maximumRate: 100)
        #expect(failing.next(median: 1, errors: 0) == 11)
        #expect(failing.next(median: 1, errors: 3) == nil)
        #expect(failing.stopReason?.contains("errors") == true)
    }

    @Test func latencyHistogramsSummariseMergeAndExportHgrm() {
        var histogram = LatencyHistogram()
        #expect(histogram.nanoseconds(atPercentile: 99) == 0 && histogram.percentileCurve.isEmpty)
        for value in 1...1_000 {
            histogram.record(UInt64(value) * 1_000)
        }
        var other = LatencyHistogram()
        other.record(5_000_000)
        histogram.add(other)
        #expect(histogram.count == 1_001)
        #expect(histogram.maximumNanoseconds >= 5_000_000 && histogram.maximumNanoseconds < 5_010_000)
        #expect(histogram.summary.rendered().contains("\"samples\": 1001"))
        let curve = histogram.percentileCurve
        #expect(curve.first!.percentile == 0 && curve.last!.percentile == 100)
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0.nanoseconds <= $1.nanoseconds })
        let lines = histogram.hgrm.split(separator: "\n")
        #expect(lines.first?.contains("Percentile") == true)
        #expect(lines.contains { $0.hasPrefix("#[Max") })
        histogram.reset()
        #expect(histogram.count == 0)
    }

    @Test func durationsReadNaturally() {
        #expect(DurationText.nanoseconds(850) == "850 ns")
        #expect(DurationText.nanoseconds(12_345) == "12.3 µs")
        #expect(DurationText.nanoseconds(4_561_000) == "4.56 ms")
        #expect(DurationText.nanoseconds(123_400_000) == "123 ms")
        #expect(DurationText.nanoseconds(2_000_000_000) == "2.00 s")
    }

    @Test func theProgressLineShowsRatesLatencyAndErrors() {
        let text = ProgressLine.text(
            .init(
                elapsed: 2_500_000_000, sentPerSecond: 100_000, answeredPerSecond: 99_990, p50: 23_400, p99: 87_000,
                inFlight: 12, errors: 0))
        #expect(text == "2.5 s  sent 100,000/s  answered 99,990/s  p50 23.4 µs  p99 87.0 µs  in flight 12  errors 0")
        #expect(!ProgressLine(enabled: false).isDue(at: .max))
    }

    @Test func chartsPickTicksAndDropWhatALogAxisCannotShow() {
        #expect(SVGChart.range([3, 80], scale: .logarithmic) == 1...100)
        #expect(SVGChart.range([10, 100], scale: .logarithmic) == 10...100)
        #expect(SVGChart.ticks(1...1_000, scale: .logarithmic) == [1, 10, 100, 1_000])
        #expect(SVGChart.ticks(1...100, scale: .logarithmic) == [1, 2, 5, 10, 20, 50, 100])
        #expect(SVGChart.ticks(0...10.5, scale: .linear) == [0, 2, 4, 6, 8, 10])
        #expect(SVGChart.number(12.34) == "12.3")
        let chart = SVGChart(
            title: "a <b> & c",
            x: .init(title: "x", scale: .linear, label: { "\($0)" }),
            y: .init(title: "y", scale: .logarithmic, label: { "\($0)" }),
            series: [.init(name: "s", points: [(x: 0, y: 0), (x: 1, y: 10), (x: 2, y: 100)])])
        let svg = chart.rendered
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("a &lt;b&gt; &amp; c"))
        // The point at y = 0 cannot be on a logarithmic axis: two points remain.
        let polyline = svg.split(separator: "<polyline").dropFirst().first ?? ""
        #expect(
            polyline.split(separator: "points=\"")[1].prefix(while: { $0 != "\"" }).split(separator: " ").count == 2)
        let empty = SVGChart(
            title: "none", x: .init(title: "x", scale: .linear, label: { "\($0)" }),
            y: .init(title: "y", scale: .linear, label: { "\($0)" }), series: [])
        #expect(empty.rendered.contains("no data"))
    }

    @Test func htmlTextIsEscaped() {
        #expect(HTMLText.escaped("a<b & \"c\">") == "a&lt;b &amp; &quot;c&quot;&gt;")
    }

    @Test func fillTalliesOfTheSameTradesAreEqualInAnyOrder() {
        func fill(_ trade: UInt64, _ quantity: Int64) -> Wire.Fill {
            Wire.Fill(
                sequence: 1, timestamp: 0, tradeId: trade, orderId: 1, clientOrderId: 1, price: 100,
                quantity: quantity, remaining: 0, fee: 0, quoteAmount: 0, lpFee: 0, market: 0, side: .buy,
                liquidity: .bookMaker)
        }
        var first = FillTally()
        var second = FillTally()
        first.add(fill(1, 5))
        first.add(fill(2, 7))
        second.add(fill(2, 7))
        second.add(fill(1, 5))
        #expect(first == second)
        second.add(fill(3, 1))
        #expect(first != second)
    }
}
