import TandemEngine
import TandemWire

extension Server {
    /// Any request on the metrics port gets the metrics, then the connection closes.
    func answerMetricsRequest(on connection: Connection) {
        guard !connection.isClosing else { return }
        let body = Array(metricsText().utf8)
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: \(body.count)\r\n"
            + "Connection: close\r\n\r\n"
        connection.enqueue(Array(head.utf8) + body)
        markForFlush(connection)
        close(connection, reason: nil)
    }

    func metricsText() -> String {
        var text = MetricsText()
        let open = connections.filter { !$0.isClosing }
        text.metric(
            "tandem_connections", "gauge", "Open connections by port.",
            Connection.Kind.allCases.map { kind in ("port=\"\(kind.rawValue)\"", String(open.count { $0.kind == kind }))
            })
        text.counter("tandem_connections_accepted_total", "Connections accepted.", metrics.connectionsAccepted)
        text.counter("tandem_logins_total", "Logins accepted.", metrics.logins)
        text.metric(
            "tandem_messages_in_total", "counter", "Frames received by message type.", byType(metrics.messagesIn))
        text.metric("tandem_messages_out_total", "counter", "Frames sent by message type.", byType(metrics.messagesOut))
        text.metric(
            "tandem_session_rejects_total", "counter", "message_rejected sent, by reason.",
            Wire.SessionRejectReason.allCases.map {
                ("reason=\"\($0.name)\"", String(metrics.sessionRejects[Int($0.rawValue)]))
            })
        text.metric(
            "tandem_login_rejects_total", "counter", "login_rejected sent, by reason.",
            Wire.LoginRejectReason.allCases.map {
                ("reason=\"\($0.name)\"", String(metrics.loginRejects[Int($0.rawValue)]))
            })
        text.metric(
            "tandem_engine_rejects_total", "counter", "Commands the engine rejected, by reason.",
            RejectReason.allCases.map { ("reason=\"\($0.name)\"", String(metrics.engineRejects[$0, default: 0])) })
        text.counter(
            "tandem_protocol_errors_total", "Connections closed for an unreadable stream.", metrics.protocolErrors)
        text.counter("tandem_slow_consumers_total", "Connections closed as slow consumers.", metrics.slowConsumers)
        text.counter(
            "tandem_cancel_on_disconnect_total", "Mass cancels after a dropped connection.", metrics.cancelsOnDisconnect
        )
        text.counter(
            "tandem_journal_resumes_total",
            "Journal reads serving resumes older than the in-memory window (more than one when it moved on meanwhile).",
            metrics.journalResumes)
        text.counter(
            "tandem_journal_resume_failures_total",
            "Journal reads for resumes that failed (the connection was closed).",
            metrics.journalResumeFailures)
        text.gauge("tandem_request_ring_depth", "Requests waiting for the engine thread.", engineThread.requests.count)
        text.gauge("tandem_output_ring_depth", "Engine outputs waiting for the loop.", engineThread.outputs.count)
        text.gauge(
            "tandem_pending_outputs", "Engine outputs waiting to be released.", pendingOutputs.count - pendingStart)
        text.counter(
            "tandem_engine_commands_total", "Commands the engine applied.",
            Int(engineThread.commandsApplied.load(ordering: .relaxed)))
        text.gauge(
            "tandem_engine_commands_per_second", "Commands applied in the last second.", Int(metrics.commandsPerSecond))
        if let journal {
            text.gauge(
                "tandem_journal_durable_sequence", "The newest journal record that is durable.",
                Int(journal.durableSequence))
            text.counter(
                "tandem_journal_syncs_total", "fdatasync calls that made journal records durable.", journal.syncCount)
        }
        text.histogram(
            "tandem_request_latency_seconds", "From reading a request to releasing its reports.",
            buckets: latencyBuckets(), sum: Double(metrics.latencySumNanoseconds) / 1e9, count: metrics.latencyCount)
        return text.text
    }

    private func byType(_ counts: [Int]) -> [(labels: String, value: String)] {
        Wire.MessageType.allCases.compactMap { type in
            counts[Int(type.rawValue)] == 0 ? nil : ("type=\"\(type.name)\"", String(counts[Int(type.rawValue)]))
        }
    }

    /// Cumulative counts at bucket bounds from about 1 µs to 8.6 s (powers of two of nanoseconds).
    private func latencyBuckets() -> [(bound: Double, count: Int)] {
        var cumulative = 0
        var buckets: [(bound: Double, count: Int)] = []
        for (bucket, count) in metrics.latencyBuckets.enumerated() {
            cumulative += count
            if bucket >= 10 && bucket <= 33 { buckets.append((Double(UInt64(1) << bucket) / 1e9, cumulative)) }
        }
        return buckets
    }
}
