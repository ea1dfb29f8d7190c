import TandemWire

extension TcpRunResult {
    /// The JSON summary.
    var json: JSONObject {
        var object = head
        object.add("server", serverJSON)
        object.add("mode", modeName)
        switch mode {
        case .openLoop: break  // The measurement's target_rate follows.
        case .closedLoop(let window): object.add("window", window)
        case .step(let bound): object.add("median_bound_ns", Int(bound))
        }
        if let headline {
            object.append(contentsOf: Self.measurementJSON(headline))
        }
        object.add("latency_method", latencyMethod)
        if case .step = mode {
            var steps = JSONObject()
            for measurement in measurements {
                steps.add((measurement.targetRate ?? 0).description, Self.measurementJSON(measurement))
            }
            object.add("steps_by_rate", steps)
            object.add("step_stop_reason", stepStopReason ?? "")
        }
        if let cpuTime {
            object.add("timed_part", cpuTime.json)
        }
        object.add("workload_exhausted", workloadExhausted)
        object.add("received_by_type", receivedJSON)
        object.add("rejects_by_reason", Self.countsJSON(rejectsByReason))
        object.add("session_rejects_by_reason", Self.countsJSON(sessionRejectsByReason))
        object.add("cancels_by_reason", Self.countsJSON(cancelsByReason))
        object.add("fills", fillsJSON)
        object.add("checks", checksJSON)
        object.add("disconnects", disconnects)
        object.add("errors", errors.count)
        var descriptions = JSONObject()
        for (index, description) in errors.descriptions.enumerated() {
            descriptions.add((index + 1).description, description)
        }
        object.add("first_errors", descriptions)
        if let fdatasync {
            object.add("fdatasync_ns", fdatasync.summary)
        }
        if !serverMetrics.isEmpty {
            var metrics = JSONObject()
            for sample in durabilityMetrics {
                metrics.add(sample.name, sample.value)
            }
            object.add("server_durability_metrics", metrics)
        }
        object.append(contentsOf: tail)
        return object
    }

    /// The server's samples about its journal and syncing, shown beside the acknowledgement latency.
    var durabilityMetrics: [MetricsScrape.Sample] {
        serverMetrics.filter { $0.name.contains("sync") || $0.name.contains("journal") }
    }

    static func measurementJSON(_ measurement: TcpMeasurement) -> JSONObject {
        var object = JSONObject()
        if let targetRate = measurement.targetRate {
            object.add("target_rate", targetRate)
            object.add("sent_per_second", measurement.sentPerSecond)
        }
        object.add("requests", measurement.answered)
        object.add("seconds", FixedDecimal(Int(measurement.nanoseconds), over: 1_000_000_000, places: 6))
        object.add("requests_per_second", measurement.answeredPerSecond)
        object.add("latency_ns", measurement.overall.summary)
        var byType = JSONObject()
        for kind in TcpRequest.Kind.allCases where measurement.byKind[kind.rawValue].count > 0 {
            byType.add(kind.name, measurement.byKind[kind.rawValue].summary)
        }
        object.add("latency_ns_by_type", byType)
        return object
    }

    private var latencyMethod: String {
        let answer =
            "the arrival of its answer (order_accepted, order_rejected, order_canceled, order_replaced or "
            + "mass_cancel_ack) at the harness, read with CLOCK_MONOTONIC"
        switch mode {
        case .closedLoop:
            return "closed loop: each request from its sending to " + answer
        case .openLoop, .step:
            return "open loop: request i is due at start + i / rate; latency runs from its due time to " + answer
                + ", so a stall delays every request behind it (no coordinated omission)"
        }
    }

    private var serverJSON: JSONObject {
        var object = serverDescription
        if let serverExit {
            object.add("exit", serverExit)
        }
        return object
    }

    private var receivedJSON: JSONObject {
        var object = JSONObject()
        for (code, count) in receivedByType.enumerated() where count > 0 {
            let name = Wire.MessageType(rawValue: UInt8(code))?.name ?? "type_\(code)"
            object.add(name, count)
        }
        return object
    }

    private static func countsJSON(_ counts: [(name: String, count: Int)]) -> JSONObject {
        var object = JSONObject()
        for (name, count) in counts {
            object.add(name, count)
        }
        return object
    }

    private var fillsJSON: JSONObject {
        var object = JSONObject()
        for (name, tally) in [("book_maker", makerFills), ("book_taker", takerFills), ("pool", poolFills)] {
            var fills = JSONObject()
            fills.add("fills", tally.fills)
            fills.add("quantity", Int(tally.quantity))
            object.add(name, fills)
        }
        return object
    }

    private var checksJSON: JSONObject {
        var object = JSONObject()
        object.add("requests", checks.requests)
        object.add("unanswered", checks.unanswered)
        object.add("orders", checks.orders)
        object.add("orders_not_ended_exactly_once", checks.ordersNotEndedOnce)
        object.add("maker_and_taker_fills_agree", checks.fillsAgree)
        object.add("injected_rejects_sent", injectedSent)
        object.add("injected_rejects_rejected", injectedRejected)
        return object
    }

    /// The one-line summary, printed last.
    var summaryLine: String {
        var line = title
        switch mode {
        case .openLoop(let rate): line += ", open loop at \(rate.grouped)/s"
        case .closedLoop(let window): line += ", closed loop, window \(window.grouped)"
        case .step: line += ", step mode"
        }
        if let headline {
            if case .step = mode {
                line += ", best step within the bound \((headline.targetRate ?? 0).grouped)/s"
            }
            let seconds = FixedDecimal(Int(headline.nanoseconds), over: 1_000_000_000, places: 3)
            line +=
                ": \(headline.answered.grouped) requests answered in \(seconds) s = "
                + "\(headline.answeredPerSecond.grouped)/s; latency"
            for (name, percentile) in LatencyHistogram.reportedPercentiles.prefix(4) {
                line += " \(name) \(DurationText.nanoseconds(headline.overall.nanoseconds(atPercentile: percentile)))"
            }
            line += " max \(DurationText.nanoseconds(headline.overall.maximumNanoseconds))"
        }
        if let fdatasync {
            line += "; fdatasync p50 \(DurationText.nanoseconds(fdatasync.nanoseconds(atPercentile: 50)))"
        }
        return line + "; \(errors.count.grouped) errors, \(disconnects) disconnects"
    }
}
