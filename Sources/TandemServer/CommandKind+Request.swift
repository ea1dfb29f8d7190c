import TandemEngine
import TandemWire

extension CommandKind {
    /// The order-entry request type whose command this is: what an `order_rejected` names, and what the
    /// journal's reports are rebuilt with. Nil for deposits and withdrawals, which are the server's own (the
    /// opening deposits) and whose events are in no session's stream.
    var requestType: Wire.MessageType? {
        switch self {
        case .deposit, .withdraw: nil
        case .newOrder: .newOrder
        case .cancel: .cancelOrder
        case .replace: .replaceOrder
        case .massCancel: .massCancel
        case .addLiquidity: .addLiquidity
        case .removeLiquidity: .removeLiquidity
        }
    }
}
