/// One place the bot keeps an order (a side and a level): the order there, if any, and the request in flight.
struct QuoteSlot {
    /// The client order id of the order placed here, from its new_order until it leaves the book.
    var clientOrderId: UInt64?
    /// Whether the engine accepted that order (a rejected new_order leaves the slot empty again).
    var isAccepted = false
    var price: Int64 = 0
    var remaining: Int64 = 0
    /// The client id of the new_order or replace_order not answered yet; nothing else is sent meanwhile.
    var pendingRequest: UInt64?
    /// After a rejection or a post-only cancel, the slot waits until then before trying again.
    var retryAfter: ContinuousClock.Instant?

    /// Forgets the order: it left the book.
    mutating func clear() {
        clientOrderId = nil
        isAccepted = false
        remaining = 0
        pendingRequest = nil
    }
}
