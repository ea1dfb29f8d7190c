import TandemEngine

/// A command's events in an events record: the first event's sequence number and the count, then each event
/// as a kind code and its fields at fixed widths (`Protocol/JOURNAL.md`).
///
/// The events of one command carry consecutive sequence numbers and the command's timestamp (the engine
/// numbers them so), which is why neither is written per event. Encoding the events a replay re-derives gives
/// the journaled bytes exactly when the events are the same: that is the replay's determinism check.
enum EventCodec {
    /// The bytes before the first event: first sequence number (8) and count (4).
    static let headerSize = 12

    enum Kind: UInt8 {
        case accepted = 1
        case rejected = 2
        case fill = 3
        case poolFill = 4
        case canceled = 5
        case replaced = 6
        case massCancelDone = 7
        case balance = 8
        case liquidityAdded = 9
        case liquidityRemoved = 10
        case positionUpdate = 11
        case marginCall = 12
        case liquidationStarted = 13
        case liquidationEnded = 14
        case insuranceFund = 15
        case deleveraged = 16
        case indexPrice = 17
    }

    /// One event's size in bytes, kind code included.
    @inline(__always) static func size(_ body: EventBody) -> Int {
        switch body {
        case .accepted: 45
        case .rejected: 16
        case .fill: 67
        case .poolFill: 82
        case .canceled, .replaced: 43
        case .massCancelDone: 19
        case .balance: 25
        case .liquidityAdded: 33
        case .liquidityRemoved: 49
        case .positionUpdate, .marginCall, .liquidationEnded: 33
        case .liquidationStarted: 41
        case .insuranceFund: 25
        case .deleveraged: 46
        case .indexPrice: 21
        }
    }

    @inline(__always) static func writeHeader(firstSequence: UInt64, count: Int, to writer: inout PayloadWriter) {
        writer.u64(firstSequence)
        writer.u32(UInt32(count))
    }

    /// Encodes the event `event` points to; reading it in place loads only the fields of its own kind.
    @inline(__always) static func encode(_ event: UnsafePointer<Event>, to output: inout PayloadWriter) {
        // A local copy: stores through raw pointers cannot alias it, so its offset stays in a register.
        var writer = output
        defer { output = writer }
        switch event.pointee.body {
        case .accepted(let event):
            writer.u8(Kind.accepted.rawValue)
            writer.u64(event.orderId)
            writer.u64(event.clientOrderId)
            writer.u32(event.account)
            writer.index(event.market)
            writer.u8(event.side.rawValue)
            writer.u8(event.type.rawValue)
            writer.u8(event.timeInForce.rawValue)
            writer.bool(event.postOnly)
            writer.i64(event.price)
            writer.i64(event.quantity)
        case .rejected(let event):
            writer.u8(Kind.rejected.rawValue)
            writer.u32(event.account)
            writer.u8(event.command.rawValue)
            writer.u64(event.reference)
            writer.u16(event.reason.rawValue)
        case .fill(let event):
            writer.u8(Kind.fill.rawValue)
            writer.u64(event.tradeId)
            writer.u64(event.orderId)
            writer.u64(event.clientOrderId)
            writer.u32(event.account)
            writer.index(event.market)
            writer.u8(event.side.rawValue)
            writer.u8(event.liquidity.rawValue)
            writer.i64(event.price)
            writer.i64(event.quantity)
            writer.i64(event.remaining)
            writer.i64(event.fee)
        case .poolFill(let event):
            writer.u8(Kind.poolFill.rawValue)
            writer.u64(event.tradeId)
            writer.u64(event.orderId)
            writer.u64(event.clientOrderId)
            writer.u32(event.account)
            writer.index(event.market)
            writer.u8(event.side.rawValue)
            writer.i64(event.price)
            writer.i64(event.quantity)
            writer.i64(event.quoteAmount)
            writer.i64(event.lpFee)
            writer.i64(event.fee)
            writer.i64(event.remaining)
        case .canceled(let event):
            writer.u8(Kind.canceled.rawValue)
            writeOrder(event.orderId, event.clientOrderId, event.account, event.market, event.side, to: &writer)
            writer.i64(event.canceledQuantity)
            writer.i64(event.remaining)
            writer.u8(event.reason.rawValue)
        case .replaced(let event):
            writer.u8(Kind.replaced.rawValue)
            writeOrder(event.orderId, event.clientOrderId, event.account, event.market, event.side, to: &writer)
            writer.i64(event.price)
            writer.i64(event.quantity)
            writer.bool(event.keptPriority)
        case .massCancelDone(let event):
            writer.u8(Kind.massCancelDone.rawValue)
            writer.u32(event.account)
            writer.u8((event.market == nil ? 0 : 1) | (event.side == nil ? 0 : 2))
            writer.index(event.market ?? 0)
            writer.u8(event.side?.rawValue ?? 0)
            writer.u64(UInt64(event.count))
        case .balance(let event):
            writer.u8(Kind.balance.rawValue)
            writer.u32(event.account)
            writer.index(event.asset)
            writer.i64(event.available)
            writer.i64(event.reserved)
        case .liquidityAdded(let event):
            writer.u8(Kind.liquidityAdded.rawValue)
            writer.u32(event.account)
            writer.index(event.market)
            writer.i64(event.base)
            writer.i64(event.quote)
            writer.i64(event.shares)
        case .liquidityRemoved(let event):
            writer.u8(Kind.liquidityRemoved.rawValue)
            writer.u32(event.account)
            writer.index(event.market)
            writer.i64(event.shares)
            writer.i64(event.base)
            writer.i64(event.quote)
            writer.i64(event.feeBase)
            writer.i64(event.feeQuote)
        case .positionUpdate(let event):
            writePosition(.positionUpdate, event.account, event.market, to: &writer)
            writer.i64(event.size)
            writer.i64(event.entryPrice)
            writer.i64(event.collateral)
        case .marginCall(let event):
            writePosition(.marginCall, event.account, event.market, to: &writer)
            writer.i64(event.equity)
            writer.i64(event.initialRequirement)
            writer.i64(event.maintenanceRequirement)
        case .liquidationStarted(let event):
            writePosition(.liquidationStarted, event.account, event.market, to: &writer)
            writer.i64(event.size)
            writer.i64(event.markPrice)
            writer.i64(event.equity)
            writer.i64(event.maintenanceRequirement)
        case .liquidationEnded(let event):
            writePosition(.liquidationEnded, event.account, event.market, to: &writer)
            writer.i64(event.size)
            writer.i64(event.collateral)
            writer.i64(event.insurancePaid)
        case .insuranceFund(let event):
            writePosition(.insuranceFund, event.account, event.market, to: &writer)
            writer.i64(event.amount)
            writer.i64(event.balance)
        case .deleveraged(let event):
            writer.u8(Kind.deleveraged.rawValue)
            writer.u64(event.tradeId)
            writer.u32(event.account)
            writer.u32(event.counterparty)
            writer.index(event.market)
            writer.u8(event.side.rawValue)
            writer.i64(event.price)
            writer.i64(event.quantity)
            writer.i64(event.size)
        case .indexPrice(let event):
            writer.u8(Kind.indexPrice.rawValue)
            writer.index(event.market)
            writer.i64(event.indexPrice)
            writer.i64(event.markPrice)
        }
    }

    /// The kind, account and market a perpetual event of one position begins with.
    @inline(__always) private static func writePosition(
        _ kind: Kind, _ account: UInt32, _ market: Int, to writer: inout PayloadWriter
    ) {
        writer.u8(kind.rawValue)
        writer.u32(account)
        writer.index(market)
    }

    @inline(__always) private static func writeOrder(
        _ orderId: UInt64, _ clientOrderId: UInt64, _ account: UInt32, _ market: Int, _ side: Side,
        to writer: inout PayloadWriter
    ) {
        writer.u64(orderId)
        writer.u64(clientOrderId)
        writer.u32(account)
        writer.index(market)
        writer.u8(side.rawValue)
    }

    /// Appends the events of an events record's payload to `events`, numbered from its first sequence number
    /// and stamped with `timestamp`.
    static func decode(
        _ payload: UnsafeRawBufferPointer, timestamp: UInt64, into events: inout [Event]
    ) throws(PayloadReader.Failure) {
        var reader = PayloadReader(payload)
        let firstSequence = try reader.u64()
        let count = Int(try reader.u32())
        for index in 0..<count {
            let body = try decodeBody(&reader)
            events.append(Event(sequence: firstSequence &+ UInt64(index), timestamp: timestamp, body: body))
        }
        try reader.expectEnd()
    }

    /// Calls `body` with the account of each event in an events record's payload, in order, without decoding
    /// the events: what numbering the sessions' streams needs. Each kind's size and where its account is are
    /// those `encode` writes.
    static func forEachAccount(
        in payload: UnsafeRawBufferPointer, _ body: (UInt32?) -> Void
    ) throws(PayloadReader.Failure) {
        let count = try header(payload).1
        var offset = headerSize
        for _ in 0..<count {
            guard offset < payload.count,
                let kind = Kind(rawValue: payload.load(fromByteOffset: offset, as: UInt8.self))
            else { throw PayloadReader.Failure(message: "an event's kind is missing or unknown at byte \(offset)") }
            let (size, accountOffset) = layout(of: kind)
            guard payload.count - offset >= size else {
                throw PayloadReader.Failure(message: "payload ends at byte \(payload.count), an event needs \(size)")
            }
            body(account(in: payload, at: offset, kind: kind, accountOffset: accountOffset))
            offset += size
        }
        guard offset == payload.count else {
            throw PayloadReader.Failure(message: "\(payload.count - offset) unexpected bytes after the last event")
        }
    }

    /// The account an encoded event names, or nil for an event that answers the administrator: an index price's
    /// update, which names no account, or its rejection.
    @inline(__always) private static func account(
        in payload: UnsafeRawBufferPointer, at offset: Int, kind: Kind, accountOffset: Int
    ) -> UInt32? {
        if kind == .indexPrice { return nil }
        // A rejection: kind, account (4), then the command kind.
        if kind == .rejected
            && payload.load(fromByteOffset: offset + 5, as: UInt8.self) == CommandKind.indexPrice.rawValue
        {
            return nil
        }
        return UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: offset + accountOffset, as: UInt32.self))
    }

    /// An encoded event's size, kind code included, and the offset of its account from the kind code (0 for an
    /// index price, which has none).
    @inline(__always) private static func layout(of kind: Kind) -> (size: Int, accountOffset: Int) {
        switch kind {
        case .accepted: (45, 17)
        case .rejected: (16, 1)
        case .fill: (67, 25)
        case .poolFill: (82, 25)
        case .canceled, .replaced: (43, 17)
        case .massCancelDone: (19, 1)
        case .balance: (25, 1)
        case .liquidityAdded: (33, 1)
        case .liquidityRemoved: (49, 1)
        case .positionUpdate, .marginCall, .liquidationEnded: (33, 1)
        case .liquidationStarted: (41, 1)
        case .insuranceFund: (25, 1)
        case .deleveraged: (46, 9)
        case .indexPrice: (21, 0)
        }
    }

    /// The first sequence number and count of an events record's payload.
    static func header(_ payload: UnsafeRawBufferPointer) throws(PayloadReader.Failure) -> (UInt64, Int) {
        var reader = PayloadReader(payload)
        return (try reader.u64(), Int(try reader.u32()))
    }

    private static func decodeBody(_ reader: inout PayloadReader) throws(PayloadReader.Failure) -> EventBody {
        switch try reader.code(Kind.self) {
        case .accepted:
            return .accepted(
                OrderAccepted(
                    orderId: try reader.u64(), clientOrderId: try reader.u64(), account: try reader.u32(),
                    market: try reader.index(), side: try reader.code(Side.self), type: try reader.code(OrderType.self),
                    timeInForce: try reader.code(TimeInForce.self), postOnly: try reader.bool(),
                    price: try reader.i64(), quantity: try reader.i64()))
        case .rejected:
            let account = try reader.u32()
            let command = try reader.code(CommandKind.self)
            let reference = try reader.u64()
            let code = try reader.u16()
            guard let reason = RejectReason(rawValue: code) else {
                throw PayloadReader.Failure(message: "\(code) is not a reject reason")
            }
            return .rejected(CommandRejected(account: account, command: command, reference: reference, reason: reason))
        case .fill:
            return .fill(
                Fill(
                    tradeId: try reader.u64(), orderId: try reader.u64(), clientOrderId: try reader.u64(),
                    account: try reader.u32(), market: try reader.index(), side: try reader.code(Side.self),
                    liquidity: try reader.code(Liquidity.self), price: try reader.i64(), quantity: try reader.i64(),
                    remaining: try reader.i64(), fee: try reader.i64()))
        case .poolFill:
            return .poolFill(
                PoolFill(
                    tradeId: try reader.u64(), orderId: try reader.u64(), clientOrderId: try reader.u64(),
                    account: try reader.u32(), market: try reader.index(), side: try reader.code(Side.self),
                    price: try reader.i64(), quantity: try reader.i64(), quoteAmount: try reader.i64(),
                    lpFee: try reader.i64(), fee: try reader.i64(), remaining: try reader.i64()))
        case .canceled:
            return .canceled(
                OrderCanceled(
                    orderId: try reader.u64(), clientOrderId: try reader.u64(), account: try reader.u32(),
                    market: try reader.index(), side: try reader.code(Side.self), canceledQuantity: try reader.i64(),
                    remaining: try reader.i64(), reason: try reader.code(CancelReason.self)))
        case .replaced:
            return .replaced(
                OrderReplaced(
                    orderId: try reader.u64(), clientOrderId: try reader.u64(), account: try reader.u32(),
                    market: try reader.index(), side: try reader.code(Side.self), price: try reader.i64(),
                    quantity: try reader.i64(), keptPriority: try reader.bool()))
        case .massCancelDone:
            let account = try reader.u32()
            let flags = try reader.u8()
            guard flags & ~3 == 0 else { throw PayloadReader.Failure(message: "unknown flags \(flags)") }
            let market = try reader.index()
            let sideCode = try reader.u8()
            let count = try reader.u64()
            guard count <= UInt64(Int.max) else { throw PayloadReader.Failure(message: "count \(count) is too large") }
            return .massCancelDone(
                MassCancelDone(
                    account: account, market: flags & 1 != 0 ? market : nil,
                    side: flags & 2 != 0 ? try side(sideCode) : nil, count: Int(count)))
        case .balance:
            return .balance(
                BalanceUpdate(
                    account: try reader.u32(), asset: try reader.index(), available: try reader.i64(),
                    reserved: try reader.i64()))
        case .liquidityAdded:
            return .liquidityAdded(
                LiquidityAdded(
                    account: try reader.u32(), market: try reader.index(), base: try reader.i64(),
                    quote: try reader.i64(), shares: try reader.i64()))
        case .liquidityRemoved:
            return .liquidityRemoved(
                LiquidityRemoved(
                    account: try reader.u32(), market: try reader.index(), shares: try reader.i64(),
                    base: try reader.i64(), quote: try reader.i64(), feeBase: try reader.i64(),
                    feeQuote: try reader.i64()))
        case .positionUpdate:
            return .positionUpdate(
                PositionUpdate(
                    account: try reader.u32(), market: try reader.index(), size: try reader.i64(),
                    entryPrice: try reader.i64(), collateral: try reader.i64()))
        case .marginCall:
            return .marginCall(
                MarginCall(
                    account: try reader.u32(), market: try reader.index(), equity: try reader.i64(),
                    initialRequirement: try reader.i64(), maintenanceRequirement: try reader.i64()))
        case .liquidationStarted:
            return .liquidationStarted(
                LiquidationStarted(
                    account: try reader.u32(), market: try reader.index(), size: try reader.i64(),
                    markPrice: try reader.i64(), equity: try reader.i64(), maintenanceRequirement: try reader.i64()))
        case .liquidationEnded:
            return .liquidationEnded(
                LiquidationEnded(
                    account: try reader.u32(), market: try reader.index(), size: try reader.i64(),
                    collateral: try reader.i64(), insurancePaid: try reader.i64()))
        case .insuranceFund:
            return .insuranceFund(
                InsuranceFundUpdate(
                    account: try reader.u32(), market: try reader.index(), amount: try reader.i64(),
                    balance: try reader.i64()))
        case .deleveraged:
            return .deleveraged(
                Deleveraged(
                    tradeId: try reader.u64(), account: try reader.u32(), counterparty: try reader.u32(),
                    market: try reader.index(), side: try reader.code(Side.self), price: try reader.i64(),
                    quantity: try reader.i64(), size: try reader.i64()))
        case .indexPrice:
            return .indexPrice(
                IndexPriceUpdate(market: try reader.index(), indexPrice: try reader.i64(), markPrice: try reader.i64()))
        }
    }

    private static func side(_ raw: UInt8) throws(PayloadReader.Failure) -> Side {
        guard let side = Side(rawValue: raw) else { throw PayloadReader.Failure(message: "\(raw) is not a side") }
        return side
    }
}
