import TandemWire

/// The report of a `loadtest tcp` run as one self-contained HTML file: tables of the figures and SVG charts (the
/// latency percentile curve, throughput and latency over time, and in step mode latency against rate), with
/// nothing loaded from elsewhere. It is well-formed XML (XHTML), so any XML parser can check it.
struct HTMLReport {
    private let result: TcpRunResult

    init(_ result: TcpRunResult) {
        self.result = result
    }

    var rendered: String {
        var body = "<h1>loadtest tcp: \(HTMLText.escaped(result.title))</h1>\n"
        body +=
            "<p class=\"verdict \(result.errors.count == 0 ? "pass" : "fail")\">"
            + (result.errors.count == 0
                ? "No errors: every request answered, every order ended once, the fills agree."
                : "\(result.errors.count.grouped) errors (listed below).") + "</p>\n"
        body += summaryTable
        if let headline = result.headline {
            body += "<h2>Latency by message type</h2>\n" + latencyTable(headline)
            body += section("Latency percentiles", percentileChart(headline))
        }
        if let timeline = result.timeline, !timeline.points.isEmpty {
            body += section("Throughput over time", throughputChart(timeline))
            body += section("Latency over time", latencyOverTimeChart(timeline))
        }
        if case .step = result.mode {
            body += section("Latency against rate", stepChart)
            body += "<h2>Steps</h2>\n" + stepTable
        }
        body += "<h2>Reports received, rejects and checks</h2>\n" + countsTables
        if !result.errors.descriptions.isEmpty {
            body +=
                "<h2>First errors</h2>\n<ol>\n"
                + result.errors.descriptions.map { "<li>\(HTMLText.escaped($0))</li>\n" }.joined() + "</ol>\n"
        }
        body += "<h2>JSON summary</h2>\n<pre>\(HTMLText.escaped(result.json.rendered()))</pre>\n"
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>loadtest tcp: \(HTMLText.escaped(result.title))</title>
            <style>
            body { font-family: sans-serif; margin: 24px; color: #222222; max-width: 1000px; }
            table { border-collapse: collapse; margin: 8px 0 16px 0; }
            th, td { border: 1px solid #cccccc; padding: 3px 8px; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            .verdict { font-weight: bold; padding: 6px; }
            .pass { background: #e6f4e6; }
            .fail { background: #f9e0e0; }
            pre { background: #f6f6f6; padding: 8px; font-size: 12px; overflow-x: auto; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    private func section(_ title: String, _ chart: SVGChart) -> String {
        "<h2>\(HTMLText.escaped(title))</h2>\n<div>\(chart.rendered)</div>\n"
    }

    private var summaryTable: String {
        var rows: [(String, String)] = []
        switch result.mode {
        case .openLoop(let rate): rows.append(("mode", "open loop at \(rate.grouped) requests/s"))
        case .closedLoop(let window): rows.append(("mode", "closed loop, \(window.grouped) requests in flight"))
        case .step(let bound):
            rows.append(("mode", "step mode, median bound \(DurationText.nanoseconds(Int(bound)))"))
            rows.append(("steps ended", result.stepStopReason ?? ""))
        }
        if let headline = result.headline {
            if case .step = result.mode {
                rows.append(("best step within the bound", "\((headline.targetRate ?? 0).grouped) requests/s"))
            }
            rows.append(("requests answered (measured)", headline.answered.grouped))
            rows.append(
                ("seconds", FixedDecimal(Int(headline.nanoseconds), over: 1_000_000_000, places: 3).description))
            rows.append(("throughput", "\(headline.answeredPerSecond.grouped) requests/s"))
            for (name, percentile) in LatencyHistogram.reportedPercentiles {
                rows.append(
                    (
                        "latency \(name)",
                        DurationText.nanoseconds(headline.overall.nanoseconds(atPercentile: percentile))
                    ))
            }
            rows.append(("latency max", DurationText.nanoseconds(headline.overall.maximumNanoseconds)))
        }
        if let fdatasync = result.fdatasync {
            rows.append(
                (
                    "fdatasync of 4 KiB, p50 / p99",
                    DurationText.nanoseconds(fdatasync.nanoseconds(atPercentile: 50)) + " / "
                        + DurationText.nanoseconds(fdatasync.nanoseconds(atPercentile: 99))
                ))
        }
        for sample in result.durabilityMetrics {
            rows.append(("server: " + sample.name, sample.value))
        }
        rows.append(("errors", result.errors.count.grouped))
        rows.append(("disconnects", result.disconnects.grouped))
        if let exit = result.serverExit {
            rows.append(("server exit", exit))
        }
        return table(header: nil, rows: rows.map { [$0.0, $0.1] })
    }

    private func latencyTable(_ measurement: TcpMeasurement) -> String {
        let names = LatencyHistogram.reportedPercentiles.map(\.name)
        var rows: [[String]] = []
        let kinds = TcpRequest.Kind.allCases.filter { measurement.byKind[$0.rawValue].count > 0 }
        for (name, histogram) in [("all", measurement.overall)]
            + kinds.map({ ($0.name, measurement.byKind[$0.rawValue]) })
        {
            rows.append(
                [name, histogram.count.grouped]
                    + LatencyHistogram.reportedPercentiles.map {
                        DurationText.nanoseconds(histogram.nanoseconds(atPercentile: $0.percentile))
                    } + [DurationText.nanoseconds(histogram.maximumNanoseconds)])
        }
        return table(header: ["type", "samples"] + names + ["max"], rows: rows)
    }

    private var stepTable: String {
        let rows = result.measurements.map { step in
            [
                (step.targetRate ?? 0).grouped, step.sentPerSecond.grouped, step.answeredPerSecond.grouped,
                DurationText.nanoseconds(step.overall.nanoseconds(atPercentile: 50)),
                DurationText.nanoseconds(step.overall.nanoseconds(atPercentile: 99)),
                DurationText.nanoseconds(step.overall.nanoseconds(atPercentile: 99.9)),
                DurationText.nanoseconds(step.overall.maximumNanoseconds),
            ]
        }
        return table(header: ["target rate", "sent/s", "answered/s", "p50", "p99", "p99.9", "max"], rows: rows)
    }

    private var countsTables: String {
        var html = ""
        let received = result.receivedByType.enumerated().filter { $0.element > 0 }.map { code, count in
            [Wire.MessageType(rawValue: UInt8(code))?.name ?? "type \(code)", count.grouped]
        }
        html += table(header: ["report", "received"], rows: received)
        for (title, counts) in [
            ("order_rejected reason", result.rejectsByReason),
            ("message_rejected reason", result.sessionRejectsByReason),
            ("order_canceled reason", result.cancelsByReason),
        ] where !counts.isEmpty {
            html += table(header: [title, "count"], rows: counts.map { [$0.name, $0.count.grouped] })
        }
        let checks = result.checks
        html += table(
            header: ["end-of-run check", "result"],
            rows: [
                ["requests sent", checks.requests.grouped],
                ["requests never answered", checks.unanswered.grouped],
                ["orders", checks.orders.grouped],
                ["orders without exactly one terminal report", checks.ordersNotEndedOnce.grouped],
                [
                    "book fills: makers / takers",
                    "\(result.makerFills.fills.grouped) / \(result.takerFills.fills.grouped)"
                        + (checks.fillsAgree ? " (agree)" : " (DISAGREE)"),
                ],
                ["pool fills", result.poolFills.fills.grouped],
                ["injected rejects: sent / rejected", "\(result.injectedSent) / \(result.injectedRejected)"],
            ])
        return html
    }

    private func table(header: [String]?, rows: [[String]]) -> String {
        var html = "<table>\n"
        if let header {
            html += "<tr>" + header.map { "<th>\(HTMLText.escaped($0))</th>" }.joined() + "</tr>\n"
        }
        for row in rows {
            html += "<tr>" + row.map { "<td>\(HTMLText.escaped($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    // MARK: Charts

    private static func latencyAxisLabel(_ nanoseconds: Double) -> String {
        DurationText.nanoseconds(Int(nanoseconds))
    }

    /// Latency against percentile, the x axis stretched as 1 / (1 - percentile) (as HdrHistogram plots it).
    private func percentileChart(_ measurement: TcpMeasurement) -> SVGChart {
        let kinds = TcpRequest.Kind.allCases.filter { measurement.byKind[$0.rawValue].count > 0 }
        let histograms = [("all", measurement.overall)] + kinds.map { ($0.name, measurement.byKind[$0.rawValue]) }
        let series = histograms.map { name, histogram in
            SVGChart.Series(
                name: name,
                points: histogram.percentileCurve.map { point in
                    let remaining = 1 - point.percentile / 100
                    let stretch = remaining > 0 ? min(1 / remaining, Double(histogram.count)) : Double(histogram.count)
                    return (x: max(stretch, 1), y: Double(max(point.nanoseconds, 1)))
                })
        }
        let ticks = [1.0, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000]
        let labels = ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%", "99.99999%"]
        return SVGChart(
            title: "Latency by percentile",
            x: SVGChart.Axis(
                title: "percentile", scale: .logarithmic,
                label: { value in labels[ticks.firstIndex(of: value) ?? 0] }, ticks: ticks),
            y: SVGChart.Axis(title: "latency", scale: .logarithmic, label: Self.latencyAxisLabel),
            series: series)
    }

    private func throughputChart(_ timeline: TcpTimeline) -> SVGChart {
        let perSecond = 1_000_000_000 / Double(timeline.interval)
        return SVGChart(
            title: "Requests per second (per \(DurationText.nanoseconds(Int(timeline.interval))) interval)",
            x: timeAxis,
            y: SVGChart.Axis(title: "requests/s", scale: .linear, label: { Int($0).grouped }),
            series: [
                SVGChart.Series(
                    name: "sent", points: timeline.points.map { (x: seconds($0.end), y: Double($0.sent) * perSecond) }),
                SVGChart.Series(
                    name: "answered",
                    points: timeline.points.map { (x: seconds($0.end), y: Double($0.answered) * perSecond) }),
            ])
    }

    private func latencyOverTimeChart(_ timeline: TcpTimeline) -> SVGChart {
        let answered = timeline.points.filter { $0.answered > 0 }
        return SVGChart(
            title: "Latency of the answers in each interval",
            x: timeAxis,
            y: SVGChart.Axis(title: "latency", scale: .logarithmic, label: Self.latencyAxisLabel),
            series: [
                SVGChart.Series(name: "p50", points: answered.map { (x: seconds($0.end), y: Double($0.p50)) }),
                SVGChart.Series(name: "p99", points: answered.map { (x: seconds($0.end), y: Double($0.p99)) }),
            ])
    }

    private var stepChart: SVGChart {
        let steps = result.measurements.filter { $0.overall.count > 0 }
        let series = [("p50", 50.0), ("p99", 99), ("p99.9", 99.9)].map { name, percentile in
            SVGChart.Series(
                name: name,
                points: steps.map {
                    (x: Double($0.targetRate ?? 0), y: Double($0.overall.nanoseconds(atPercentile: percentile)))
                })
        }
        return SVGChart(
            title: "Latency against the offered rate",
            x: SVGChart.Axis(title: "offered rate, requests/s", scale: .logarithmic, label: { Int($0).grouped }),
            y: SVGChart.Axis(title: "latency", scale: .logarithmic, label: Self.latencyAxisLabel),
            series: series)
    }

    private var timeAxis: SVGChart.Axis {
        SVGChart.Axis(
            title: "seconds since the start", scale: .linear,
            label: { seconds in
                seconds == seconds.rounded()
                    ? Int(seconds).description
                    : FixedDecimal(Int((seconds * 10).rounded()), over: 10, places: 1).description
            })
    }

    private func seconds(_ nanoseconds: UInt64) -> Double {
        Double(nanoseconds) / 1_000_000_000
    }
}
