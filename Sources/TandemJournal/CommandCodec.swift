import TandemEngine

/// A command's payload in a command record: its kind, then its fields at fixed widths (`Protocol/JOURNAL.md`).
///
/// Market and asset indices are written as 64-bit signed integers because a command may name one that does not
/// exist (the engine rejects it), and the journal must give back exactly the command the engine was given.
enum CommandCodec {
    private enum ReferenceKind: UInt8 {
        case orderId = 1
        case clientOrderId = 2
    }

    /// The payload's size in bytes.
    @inline(__always) static func size(_ command: Command) -> Int {
        switch command {
        case .deposit, .withdraw: 21
        case .newOrder: 42
        case .cancel: 14
        case .replace: 31
        case .massCancel: 15
        case .addLiquidity, .removeLiquidity: 37
        case .indexPrice: 17
        case .adjustMargin: 21
        }
    }

    static func encode(_ command: Command, to output: inout PayloadWriter) {
        // A local copy: stores through raw pointers cannot alias it, so its offset stays in a register.
        var writer = output
        defer { output = writer }
        writer.u8(command.kind.rawValue)
        switch command {
        case .deposit(let transfer), .withdraw(let transfer):
            writer.u32(transfer.account)
            writer.i64(Int64(transfer.asset))
            writer.i64(transfer.amount)
        case .newOrder(let order):
            writer.u32(order.account)
            writer.i64(Int64(order.market))
            writer.u64(order.clientOrderId)
            writer.u8(order.side.rawValue)
            writer.u8(order.type.rawValue)
            writer.u8(order.timeInForce.rawValue)
            writer.u8((order.postOnly ? 1 : 0) | (order.reduceOnly ? 2 : 0))
            writer.u8(order.selfTradePrevention?.rawValue ?? 0)
            writer.i64(order.price)
            writer.i64(order.quantity)
        case .cancel(let cancel):
            writer.u32(cancel.account)
            encode(cancel.order, to: &writer)
        case .replace(let replace):
            writer.u32(replace.account)
            encode(replace.order, to: &writer)
            writer.u8((replace.price == nil ? 0 : 1) | (replace.quantity == nil ? 0 : 2))
            writer.i64(replace.price ?? 0)
            writer.i64(replace.quantity ?? 0)
        case .massCancel(let massCancel):
            writer.u32(massCancel.account)
            writer.i64(massCancel.market.map(Int64.init) ?? 0)
            writer.u8((massCancel.market == nil ? 0 : 1) | (massCancel.side == nil ? 0 : 2))
            writer.u8(massCancel.side?.rawValue ?? 0)
        case .addLiquidity(let add):
            writer.u32(add.account)
            writer.i64(Int64(add.market))
            writer.i64(add.maxBase)
            writer.i64(add.maxQuote)
            writer.i64(add.minShares)
        case .removeLiquidity(let remove):
            writer.u32(remove.account)
            writer.i64(Int64(remove.market))
            writer.i64(remove.shares)
            writer.i64(remove.minBase)
            writer.i64(remove.minQuote)
        case .indexPrice(let index):
            writer.i64(Int64(index.market))
            writer.i64(index.price)
        case .adjustMargin(let adjust):
            writer.u32(adjust.account)
            writer.i64(Int64(adjust.market))
            writer.i64(adjust.amount)
        }
    }

    private static func encode(_ reference: OrderReference, to writer: inout PayloadWriter) {
        switch reference {
        case .orderId(let id):
            writer.u8(ReferenceKind.orderId.rawValue)
            writer.u64(id)
        case .clientOrderId(let id):
            writer.u8(ReferenceKind.clientOrderId.rawValue)
            writer.u64(id)
        }
    }

    static func decode(_ payload: UnsafeRawBufferPointer) throws(PayloadReader.Failure) -> Command {
        var reader = PayloadReader(payload)
        let command: Command
        switch try reader.code(CommandKind.self) {
        case .deposit: command = .deposit(try transfer(&reader))
        case .withdraw: command = .withdraw(try transfer(&reader))
        case .newOrder: command = .newOrder(try newOrder(&reader))
        case .cancel: command = .cancel(CancelOrder(account: try reader.u32(), order: try reference(&reader)))
        case .replace: command = .replace(try replace(&reader))
        case .massCancel: command = .massCancel(try massCancel(&reader))
        case .addLiquidity:
            command = .addLiquidity(
                AddLiquidity(
                    account: try reader.u32(), market: try index(&reader), maxBase: try reader.i64(),
                    maxQuote: try reader.i64(), minShares: try reader.i64()))
        case .removeLiquidity:
            command = .removeLiquidity(
                RemoveLiquidity(
                    account: try reader.u32(), market: try index(&reader), shares: try reader.i64(),
                    minBase: try reader.i64(), minQuote: try reader.i64()))
        case .indexPrice: command = .indexPrice(IndexPrice(market: try index(&reader), price: try reader.i64()))
        case .adjustMargin:
            command = .adjustMargin(
                AdjustMargin(account: try reader.u32(), market: try index(&reader), amount: try reader.i64()))
        }
        try reader.expectEnd()
        return command
    }

    private static func transfer(_ reader: inout PayloadReader) throws(PayloadReader.Failure) -> Transfer {
        Transfer(account: try reader.u32(), asset: try index(&reader), amount: try reader.i64())
    }

    private static func newOrder(_ reader: inout PayloadReader) throws(PayloadReader.Failure) -> NewOrder {
        let account = try reader.u32()
        let market = try index(&reader)
        let clientOrderId = try reader.u64()
        let side = try reader.code(Side.self)
        let type = try reader.code(OrderType.self)
        let timeInForce = try reader.code(TimeInForce.self)
        let flags = try flags(&reader, allowed: 3)
        let selfTrade = try reader.u8()
        return NewOrder(
            account: account, market: market, clientOrderId: clientOrderId, side: side, type: type,
            timeInForce: timeInForce, postOnly: flags & 1 != 0, price: try reader.i64(), quantity: try reader.i64(),
            selfTradePrevention: selfTrade == 0 ? nil : try code(SelfTradePrevention.self, selfTrade),
            reduceOnly: flags & 2 != 0)
    }

    private static func replace(_ reader: inout PayloadReader) throws(PayloadReader.Failure) -> ReplaceOrder {
        let account = try reader.u32()
        let order = try reference(&reader)
        let flags = try flags(&reader, allowed: 3)
        let price = try reader.i64()
        let quantity = try reader.i64()
        return ReplaceOrder(
            account: account, order: order, price: flags & 1 != 0 ? price : nil,
            quantity: flags & 2 != 0 ? quantity : nil)
    }

    private static func massCancel(_ reader: inout PayloadReader) throws(PayloadReader.Failure) -> MassCancel {
        let account = try reader.u32()
        let market = try index(&reader)
        let flags = try flags(&reader, allowed: 3)
        let side = try reader.u8()
        return MassCancel(
            account: account, market: flags & 1 != 0 ? market : nil,
            side: flags & 2 != 0 ? try code(Side.self, side) : nil)
    }

    private static func reference(_ reader: inout PayloadReader) throws(PayloadReader.Failure) -> OrderReference {
        let kind = try reader.code(ReferenceKind.self)
        let id = try reader.u64()
        return kind == .orderId ? .orderId(id) : .clientOrderId(id)
    }

    /// A market or asset index, written as a 64-bit integer.
    private static func index(_ reader: inout PayloadReader) throws(PayloadReader.Failure) -> Int {
        Int(try reader.i64())
    }

    private static func flags(_ reader: inout PayloadReader, allowed: UInt8) throws(PayloadReader.Failure) -> UInt8 {
        let flags = try reader.u8()
        guard flags & ~allowed == 0 else { throw PayloadReader.Failure(message: "unknown flags \(flags)") }
        return flags
    }

    private static func code<T: RawRepresentable>(_: T.Type, _ raw: UInt8) throws(PayloadReader.Failure) -> T
    where T.RawValue == UInt8 {
        guard let value = T(rawValue: raw) else {
            throw PayloadReader.Failure(message: "\(raw) is not a valid \(T.self)")
        }
        return value
    }
}
