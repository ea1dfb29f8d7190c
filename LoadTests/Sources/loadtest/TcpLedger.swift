import TandemWire

/// The harness's record of every request it sent and every report it received: which request each report
/// answers, where each order stands, and everything that does not add up (`errors`).
///
/// A connection's reports answer its requests in the order it sent them (the server executes one connection's
/// requests in order), so the first unanswered request is the only one the next answer can be for: a new
/// order's `order_accepted` or `order_rejected`, a cancel's `order_canceled` (reason `user`) or rejection, a
/// replace's `order_replaced` or rejection, a mass cancel's `mass_cancel_ack`. Fills, other cancels and balance
/// updates change orders without answering anything; they may come from other connections' requests.
struct TcpLedger: TcpOrderView {
    /// How an order stands, as far as the reports received tell.
    enum OrderState: UInt8 {
        /// The request is not a new order.
        case none
        case pending
        case live
        case rejected
        case filled
        case canceled
    }

    /// One request.
    struct Record {
        /// When it was due (open loop) or sent (closed loop), monotonic nanoseconds.
        var due: UInt64 = 0
        /// A new order's quantity still open, as the reports tell.
        var remaining: Int64 = 0
        /// A cancel's or replace's order, by request number.
        var target: Int32 = 0
        var kind: TcpRequest.Kind = .newOrder
        /// Where the answer's latency goes: 0 nowhere (setup, warmup, the final mass cancel), else that
        /// measurement's number.
        var measurement: UInt16 = 0
        var state: OrderState = .none
        /// Reports that ended the order: exactly one by the end of the run.
        var terminalReports: UInt8 = 0
        /// Sent to be rejected (`--inject-rejects`): its rejection is expected, anything else is an error.
        var injected = false
    }

    /// The first report to a request.
    struct Answer {
        var kind: TcpRequest.Kind
        var due: UInt64
        var measurement: UInt16
    }

    private struct Connection {
        /// Request number n has client id `firstClientId + n`.
        var firstClientId: UInt64
        /// Per request number; index 0 is not a request.
        var records: [Record] = [Record()]
        var firstUnanswered = 1
    }

    private var connections: [Connection]
    private(set) var lastTradePrice: Int64
    private(set) var errors = TcpErrorLog()
    /// Received messages, by message type code.
    private(set) var receivedByType = [Int](repeating: 0, count: 256)
    private(set) var rejectsByReason: [Wire.RejectReason: Int] = [:]
    private(set) var sessionRejectsByReason: [Wire.SessionRejectReason: Int] = [:]
    private(set) var cancelsByReason: [Wire.CancelReason: Int] = [:]
    /// Rejections of injected requests, as expected.
    private(set) var injectedRejects = 0
    private(set) var makerFills = FillTally()
    private(set) var takerFills = FillTally()
    private(set) var poolFills = FillTally()
    /// Requests sent and not answered yet, over all connections.
    private(set) var inFlight = 0

    /// A ledger for connections whose first request will have client id `firstClientIds[i] + 1`.
    init(firstClientIds: [UInt64], startPrice: Int64) {
        connections = firstClientIds.map { Connection(firstClientId: $0) }
        lastTradePrice = startPrice
    }

    var connectionCount: Int { connections.count }

    func nextRequestNumber(connection: Int) -> Int {
        connections[connection].records.count
    }

    func isLive(connection: Int, request: Int) -> Bool {
        let state = connections[connection].records[request].state
        return state == .pending || state == .live
    }

    /// The client id request number `request` of the connection has.
    func clientId(connection: Int, request: Int) -> UInt64 {
        connections[connection].firstClientId + UInt64(request)
    }

    /// Records that the connection sent `request` as its next request, due at `due`; returns its request number.
    @discardableResult
    mutating func recordSent(
        _ request: TcpRequest, due: UInt64, measurement: UInt16, injected: Bool = false
    ) -> Int {
        var record = Record(due: due, kind: request.kind, measurement: measurement, injected: injected)
        switch request.body {
        case .newOrder(let fields):
            record.state = .pending
            record.remaining = fields.quantity
        case .cancel(let target), .replace(let target, _, _):
            record.target = Int32(target)
        case .massCancel:
            break
        }
        connections[request.connection].records.append(record)
        inFlight += 1
        return connections[request.connection].records.count - 1
    }

    /// Takes in one report the connection received; returns the answer it is, if it answers a request.
    mutating func handle(_ message: Wire.Message, connection: Int) -> Answer? {
        receivedByType[Int(message.messageType.rawValue)] += 1
        switch message {
        case .orderAccepted(let accepted):
            guard let order = order(accepted.clientOrderId, connection, expecting: .pending, "order_accepted") else {
                return nil
            }
            connections[connection].records[order].state = .live
            connections[connection].records[order].remaining = accepted.quantity
            if connections[connection].records[order].injected {
                errors.record("connection \(connection): an injected request was accepted")
            }
            return answer(order, connection, "order_accepted")
        case .orderRejected(let rejected):
            return handleRejection(rejected, connection)
        case .fill(let fill):
            handleFill(fill, connection)
        case .orderCanceled(let canceled):
            return handleCancel(canceled, connection)
        case .orderReplaced(let replaced):
            return handleReplace(replaced, connection)
        case .massCancelAck(let ack):
            guard ack.requestId != 0 else {
                errors.record("connection \(connection): a mass cancel the harness did not send (cancel on disconnect)")
                return nil
            }
            return answer(request(ack.requestId, connection), connection, "mass_cancel_ack")
        case .balanceUpdate:
            break
        case .messageRejected(let rejected):
            sessionRejectsByReason[rejected.reason, default: 0] += 1
            errors.record(
                "connection \(connection): message_rejected \(rejected.reason.name) for message type "
                    + "\(rejected.rejectedMessageType), client id \(rejected.clientId)")
            guard rejected.clientId != 0 else { return nil }
            let number = request(rejected.clientId, connection)
            if number > 0 && connections[connection].records[number].kind == .newOrder {
                end(number, connection, as: .rejected)
            }
            return answer(number, connection, "message_rejected")
        default:
            errors.record("connection \(connection): unexpected \(message.messageType.name)")
        }
        return nil
    }

    private mutating func handleRejection(_ rejected: Wire.OrderRejected, _ connection: Int) -> Answer? {
        rejectsByReason[rejected.reason, default: 0] += 1
        let number = request(rejected.clientId, connection)
        guard number > 0 else {
            errors.record("connection \(connection): order_rejected for client id \(rejected.clientId), never sent")
            return nil
        }
        let record = connections[connection].records[number]
        if record.injected {
            injectedRejects += 1
        } else if !(rejected.reason == .unknownOrder && (record.kind == .cancel || record.kind == .replace)) {
            // A cancel or move can meet an order a fill removed first; any other rejection is an error.
            errors.record(
                "connection \(connection): \(record.kind.name) rejected with \(rejected.reason.name)")
        }
        if record.kind == .newOrder {
            end(number, connection, as: .rejected)
        }
        return answer(number, connection, "order_rejected")
    }

    private mutating func handleFill(_ fill: Wire.Fill, _ connection: Int) {
        lastTradePrice = fill.price
        switch fill.liquidity {
        case .bookMaker: makerFills.add(fill)
        case .bookTaker: takerFills.add(fill)
        case .pool: poolFills.add(fill)
        }
        guard let order = order(fill.clientOrderId, connection, expecting: .live, "fill") else { return }
        reduce(order, connection, by: fill.quantity, to: fill.remaining, "fill")
        if fill.remaining == 0 {
            end(order, connection, as: .filled)
        }
    }

    private mutating func handleCancel(_ canceled: Wire.OrderCanceled, _ connection: Int) -> Answer? {
        cancelsByReason[canceled.reason, default: 0] += 1
        guard let order = order(canceled.clientOrderId, connection, expecting: .live, "order_canceled") else {
            return nil
        }
        reduce(order, connection, by: canceled.canceledQuantity, to: canceled.remaining, "order_canceled")
        if canceled.remaining == 0 {
            end(order, connection, as: .canceled)
        }
        guard canceled.reason == .user else { return nil }
        // Only a cancel request cancels with reason `user` (the harness never replaces to quantity 0).
        let head = connections[connection].firstUnanswered
        guard head < connections[connection].records.count,
            connections[connection].records[head].kind == .cancel,
            connections[connection].records[head].target == Int32(order)
        else {
            errors.record("connection \(connection): order_canceled (user) for an order no cancel named")
            return nil
        }
        return answer(head, connection, "order_canceled")
    }

    private mutating func handleReplace(_ replaced: Wire.OrderReplaced, _ connection: Int) -> Answer? {
        let number = request(replaced.requestId, connection)
        guard let order = order(replaced.clientOrderId, connection, expecting: .live, "order_replaced") else {
            return nil
        }
        guard number > 0, connections[connection].records[number].target == Int32(order) else {
            errors.record("connection \(connection): order_replaced for a replace the harness did not send")
            return nil
        }
        connections[connection].records[order].remaining = replaced.quantity
        return answer(number, connection, "order_replaced")
    }

    /// The request number of a client id of the connection, or 0 when the connection never sent it.
    private func request(_ clientId: UInt64, _ connection: Int) -> Int {
        let first = connections[connection].firstClientId
        guard clientId > first, clientId - first < UInt64(connections[connection].records.count) else { return 0 }
        return Int(clientId - first)
    }

    /// The request number of the order a report names, checked to be a new order in the expected state.
    private mutating func order(
        _ clientOrderId: UInt64, _ connection: Int, expecting state: OrderState, _ report: String
    ) -> Int? {
        let number = request(clientOrderId, connection)
        guard number > 0, connections[connection].records[number].kind == .newOrder else {
            errors.record("connection \(connection): \(report) for client order id \(clientOrderId), never sent")
            return nil
        }
        let actual = connections[connection].records[number].state
        guard actual == state else {
            errors.record("connection \(connection): \(report) for order \(number), which is \(actual)")
            return nil
        }
        return number
    }

    private mutating func reduce(
        _ order: Int, _ connection: Int, by quantity: Int64, to remaining: Int64, _ report: String
    ) {
        let before = connections[connection].records[order].remaining
        if before - quantity != remaining {
            errors.record(
                "connection \(connection): \(report) takes order \(order) from \(before) by \(quantity) to "
                    + "\(remaining)")
        }
        connections[connection].records[order].remaining = remaining
    }

    private mutating func end(_ order: Int, _ connection: Int, as state: OrderState) {
        connections[connection].records[order].state = state
        connections[connection].records[order].terminalReports += 1
        if connections[connection].records[order].terminalReports > 1 {
            errors.record("connection \(connection): order \(order) ended twice")
        }
    }

    /// Marks request `number` answered if it is the connection's first unanswered one.
    private mutating func answer(_ number: Int, _ connection: Int, _ report: String) -> Answer? {
        let head = connections[connection].firstUnanswered
        guard number == head, head < connections[connection].records.count else {
            errors.record("connection \(connection): \(report) answers request \(number), but \(head) is next")
            return nil
        }
        connections[connection].firstUnanswered += 1
        inFlight -= 1
        let record = connections[connection].records[number]
        return Answer(kind: record.kind, due: record.due, measurement: record.measurement)
    }

    /// Records an error found outside the reports (a disconnection, a failed send).
    mutating func recordError(_ description: String) {
        errors.record(description)
    }

    /// The end-of-run checks, once every request should be answered and every order ended: each error is also
    /// recorded in `errors`.
    mutating func finish() -> TcpLedgerChecks {
        var checks = TcpLedgerChecks()
        for (index, connection) in connections.enumerated() {
            checks.requests += connection.records.count - 1
            checks.unanswered += connection.records.count - connection.firstUnanswered
            for record in connection.records where record.kind == .newOrder && record.state != .none {
                checks.orders += 1
                if record.terminalReports != 1 {
                    checks.ordersNotEndedOnce += 1
                }
            }
            if connection.records.count > connection.firstUnanswered {
                errors.record(
                    "connection \(index): \(connection.records.count - connection.firstUnanswered) requests "
                        + "never answered")
            }
        }
        if checks.ordersNotEndedOnce > 0 {
            errors.record("\(checks.ordersNotEndedOnce) orders did not reach exactly one terminal state")
        }
        checks.fillsAgree = makerFills == takerFills
        if !checks.fillsAgree {
            errors.record(
                "the makers saw \(makerFills.fills) fills of \(makerFills.quantity), the takers "
                    + "\(takerFills.fills) of \(takerFills.quantity), or other trades")
        }
        return checks
    }
}

/// What the end-of-run checks counted.
struct TcpLedgerChecks {
    var requests = 0
    var unanswered = 0
    var orders = 0
    /// Orders with no terminal report (still pending or live) or more than one.
    var ordersNotEndedOnce = 0
    var fillsAgree = true
}
