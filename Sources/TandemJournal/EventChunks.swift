import TandemEngine

/// How a command's events are split into events records: greedily, each record's payload at most
/// `JournalFormat.maxEventsPayload`. The writer and the replay's check split the same way.
enum EventChunks {
    /// Calls `body` with each chunk's events and payload size, in order; an empty list is one empty chunk.
    @inline(__always) static func forEach(_ events: [Event], _ body: (Range<Int>, Int) -> Void) {
        var start = 0
        var payload = EventCodec.headerSize
        for index in events.indices {
            let size = EventCodec.size(events[index].body)
            if payload + size > JournalFormat.maxEventsPayload && index > start {
                body(start..<index, payload)
                start = index
                payload = EventCodec.headerSize
            }
            payload += size
        }
        body(start..<events.count, payload)
    }

    /// The total size on disk of a command's events records.
    static func recordBytes(_ events: [Event]) -> Int {
        var total = 0
        forEach(events) { _, payload in total += JournalFormat.recordSize(payload: payload) }
        return total
    }

    /// Encodes one chunk's payload.
    @inline(__always) static func encode(_ events: ArraySlice<Event>, to output: inout PayloadWriter) {
        var writer = output
        EventCodec.writeHeader(firstSequence: events.first?.sequence ?? 0, count: events.count, to: &writer)
        events.withUnsafeBufferPointer { buffer in
            for index in buffer.indices { EventCodec.encode(buffer.baseAddress! + index, to: &writer) }
        }
        output = writer
    }
}
