import TandemClient
import TandemWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bot: keeps one post-only order per quote slot at the price `QuotingPlan` wants for the pool's current
/// price, replacing it when that moves or the order fills.
final class MarketMaker {
    private let orders: OrderEntrySession
    private let marketData: MarketDataSession
    private let plan: QuotingPlan
    /// Bids by level, then asks by level.
    private var slots: [QuoteSlot]
    private(set) var ledger = FillLedger()

    /// How long a slot waits after a rejection, and after a post-only cancel.
    private static let rejectionPause = Duration.seconds(1)
    private static let postOnlyPause = Duration.milliseconds(200)

    init(orders: OrderEntrySession, marketData: MarketDataSession, plan: QuotingPlan) {
        self.orders = orders
        self.marketData = marketData
        self.plan = plan
        slots = Array(repeating: QuoteSlot(), count: 2 * plan.levels)
    }

    /// Quotes until `deadline` (nil: until a stop signal), then cancels, logs out; returns what went wrong, if
    /// anything did.
    func run(until deadline: ContinuousClock.Instant?) -> ClientError? {
        do throws(ClientError) {
            while !StopSignal.isRequested, deadline.map({ ContinuousClock.now < $0 }) ?? true {
                try waitForInput(milliseconds: 50)
                try readMarketData()
                try orders.readAvailable { message in handle(message) }
                requote(now: .now)
                try orders.flush()
                try orders.sendHeartbeatIfIdle()
                try marketData.sendHeartbeatIfIdle()
            }
            try shutDown()
            return nil
        } catch {
            orders.close()
            marketData.close()
            return error
        }
    }

    /// Cancels every order of the market, waits for the acknowledgement (fills may still arrive), logs out.
    private func shutDown() throws(ClientError) {
        let request = try orders.massCancel(market: plan.market)
        try orders.flush(timeout: .seconds(5))
        _ = try orders.waitUntil(timeout: .seconds(5)) { message in
            handle(message)
            guard case .massCancelAck(let ack) = message else { return false }
            return ack.requestId == request
        }
        for message in try orders.logout() {
            handle(message)
        }
        try marketData.logout()
    }

    private func waitForInput(milliseconds: Int32) throws(ClientError) {
        var descriptors = [
            pollfd(fd: orders.fileDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: marketData.fileDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        if poll(&descriptors, 2, milliseconds) < 0 && errno != EINTR {
            throw .socketError(operation: "poll", errno: errno)
        }
    }

    /// Applies what market data has; after a gap, resumes the stream (or takes a new snapshot).
    private func readMarketData() throws(ClientError) {
        do throws(ClientError) {
            try marketData.readAvailable()
        } catch .sequenceGap(let expected, let received) {
            Console.print("market data: gap (expected \(expected), received \(received)); resuming")
            try marketData.resume()
        }
    }

    // MARK: - Execution reports

    private func handle(_ message: Wire.Message) {
        switch message {
        case .orderAccepted(let accepted):
            update(clientOrderId: accepted.clientOrderId) { slot in
                slot.isAccepted = true
                slot.pendingRequest = nil
                slot.price = accepted.price
                slot.remaining = accepted.quantity
            }
        case .fill(let fill):
            Console.print(ledger.record(fill, plan.format))
            update(clientOrderId: fill.clientOrderId) { slot in
                slot.remaining = fill.remaining
                if fill.remaining == 0 { slot.clear() }
            }
        case .orderCanceled(let canceled):
            update(clientOrderId: canceled.clientOrderId) { slot in
                slot.remaining = canceled.remaining
                if canceled.reason == .postOnly { slot.retryAfter = .now + Self.postOnlyPause }
                if canceled.remaining == 0 { slot.clear() }
            }
        case .orderReplaced(let replaced):
            update(clientOrderId: replaced.clientOrderId) { slot in
                slot.pendingRequest = nil
                slot.price = replaced.price
                slot.remaining = replaced.quantity
            }
        case .orderRejected(let rejected):
            refused(clientId: rejected.clientId, reason: rejected.reason.name)
        case .messageRejected(let rejected):
            refused(clientId: rejected.clientId, reason: rejected.reason.name)
        default:
            break
        }
    }

    /// A request of a slot was refused: a refused new order leaves the slot empty; the slot pauses.
    private func refused(clientId: UInt64, reason: String) {
        guard let index = slots.firstIndex(where: { $0.pendingRequest == clientId }) else { return }
        Console.print("request \(clientId) rejected: \(reason)")
        if slots[index].clientOrderId == clientId && !slots[index].isAccepted {
            slots[index].clear()
        }
        slots[index].pendingRequest = nil
        slots[index].retryAfter = .now + Self.rejectionPause
    }

    private func update(clientOrderId: UInt64, _ change: (inout QuoteSlot) -> Void) {
        guard let index = slots.firstIndex(where: { $0.clientOrderId == clientOrderId }) else { return }
        change(&slots[index])
    }

    // MARK: - Quoting

    /// Brings every idle slot to its wanted quote: a new order in an empty slot, a replace when the price or
    /// the quantity differs, a cancel when the level is no longer wanted.
    private func requote(now: ContinuousClock.Instant) {
        guard let reference = marketData.poolPrice(market: plan.market) else { return }
        let wanted = plan.quotes(reference: reference)
        for index in slots.indices {
            let slot = slots[index]
            guard slot.pendingRequest == nil, slot.retryAfter.map({ now >= $0 }) ?? true else { continue }
            let side: Wire.Side = index < plan.levels ? .buy : .sell
            let target = wanted.first { $0.side == side && $0.level == index % plan.levels }
            do throws(ClientError) {
                try bring(&slots[index], to: target)
            } catch {
                Console.printError("cannot send a request: \(error)")
            }
        }
    }

    private func bring(_ slot: inout QuoteSlot, to target: Quote?) throws(ClientError) {
        switch (slot.clientOrderId, target) {
        case (nil, let target?):
            let id = try orders.newOrder(
                market: plan.market, side: target.side, price: target.price, quantity: target.quantity,
                postOnly: true)
            slot = QuoteSlot(clientOrderId: id, price: target.price, remaining: target.quantity, pendingRequest: id)
        case (let order?, let target?)
        where slot.isAccepted
            && (slot.price != target.price || slot.remaining != target.quantity):
            slot.pendingRequest = try orders.replace(
                clientOrderId: order, price: target.price, quantity: target.quantity)
        case (let order?, nil) where slot.isAccepted:
            slot.pendingRequest = try orders.cancel(clientOrderId: order)
        default:
            break
        }
    }
}
