import TandemEngine
import TandemWire

/// The ec2018 stream (`EC2018Generator`) spread over the connections: the generator's user u trades through
/// connection `(u - 1) % connections`, so each connection's account stands for every user mapped to it.
///
/// The generator names orders by the engine's order ids, which a server interleaving many connections assigns
/// differently; so each cancel and move here names the stream position of the `new_order` that created its
/// order, and becomes the connection's request number for it when it is sent. Requests go out in stream order;
/// a server that sees them in another order across connections (a fill that comes before a cancel, say)
/// answers some cancels and moves with `unknown_order`, which the report counts.
struct EC2018TcpWorkload: TcpWorkload {
    private enum Entry {
        case newOrder(connection: Int32, TcpRequest.NewOrderFields)
        /// Cancel (`price` nil) or move the order created at stream position `creator`.
        case reference(connection: Int32, creator: Int32, price: Int64?)
    }

    private var entries: [Entry] = []
    /// Per stream position of a new order: the request number its connection gave it once sent.
    private var requestNumbers: [Int32]
    private var position = 0

    /// The stream's commands in order, for `connections` connections. The commands are replayed on a fresh
    /// engine to learn which new order each engine order id belongs to; the replay must reach the generator's
    /// state hash.
    init(workload: EC2018Workload, connections: Int) throws {
        requestNumbers = [Int32](repeating: 0, count: workload.commands.count)
        entries.reserveCapacity(workload.commands.count)
        let engine = try workload.makeEngine()
        var creators: [Int32] = []
        var timestamp = workload.firstTimestamp
        for (index, command) in workload.commands.enumerated() {
            let connection = Int32((Int(command.account) - 1) % connections)
            entries.append(try Self.entry(for: command, connection: connection, creators: creators))
            engine.apply(command, timestamp: timestamp)
            timestamp += 1
            for event in engine.events {
                if case .accepted(let order) = event.body {
                    let id = Int(order.orderId)
                    if id >= creators.count {
                        creators.append(contentsOf: repeatElement(-1, count: id + 1 - creators.count))
                    }
                    creators[id] = Int32(index)
                }
            }
        }
        try workload.verifyReplay(stateHash: engine.stateHash(), trades: nil, events: nil)
    }

    private static func entry(for command: Command, connection: Int32, creators: [Int32]) throws -> Entry {
        switch command {
        case .newOrder(let order):
            guard let side = Wire.Side(rawValue: order.side.rawValue),
                let orderType = Wire.OrderType(rawValue: order.type.rawValue),
                let timeInForce = Wire.TimeInForce(rawValue: order.timeInForce.rawValue)
            else { throw BenchmarkError("ec2018: a new order the wire protocol cannot carry") }
            return .newOrder(
                connection: connection,
                TcpRequest.NewOrderFields(
                    side: side, orderType: orderType, timeInForce: timeInForce,
                    price: order.type == .market ? 0 : order.price, quantity: order.quantity))
        case .cancel(let cancel):
            return .reference(connection: connection, creator: try creator(of: cancel.order, creators), price: nil)
        case .replace(let replace):
            guard let price = replace.price, replace.quantity == nil else {
                throw BenchmarkError("ec2018: a move must change the price only")
            }
            return .reference(connection: connection, creator: try creator(of: replace.order, creators), price: price)
        default:
            throw BenchmarkError("ec2018: the stream holds a \(command.kind) command, which the TCP test cannot send")
        }
    }

    private static func creator(of reference: OrderReference, _ creators: [Int32]) throws -> Int32 {
        guard case .orderId(let id) = reference, Int(id) < creators.count, creators[Int(id)] >= 0 else {
            throw BenchmarkError("ec2018: a command names an order no earlier command created")
        }
        return creators[Int(id)]
    }

    /// The stream's length.
    var count: Int { entries.count }

    /// The requests sent so far.
    var sent: Int { position }

    func setupRequests() -> [TcpRequest] { [] }

    mutating func nextRequest(view: some TcpOrderView) -> TcpRequest? {
        guard position < entries.count else { return nil }
        defer { position += 1 }
        switch entries[position] {
        case .newOrder(let connection, let fields):
            requestNumbers[position] = Int32(view.nextRequestNumber(connection: Int(connection)))
            return TcpRequest(connection: Int(connection), body: .newOrder(fields))
        case .reference(let connection, let creator, let price):
            let target = Int(requestNumbers[Int(creator)])
            let body: TcpRequest.Body =
                if let price { .replace(target: target, price: price) } else { .cancel(target: target) }
            return TcpRequest(connection: Int(connection), body: body)
        }
    }
}
