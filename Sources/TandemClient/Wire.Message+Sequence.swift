import TandemWire

extension Wire.Message {
    /// The message's position in its sequenced stream, or nil for an unsequenced message.
    public var sequence: UInt64? {
        switch self {
        case .endOfSession(let message): message.sequence
        case .orderAccepted(let message): message.sequence
        case .orderRejected(let message): message.sequence
        case .fill(let message): message.sequence
        case .orderCanceled(let message): message.sequence
        case .orderReplaced(let message): message.sequence
        case .massCancelAck(let message): message.sequence
        case .liquidityAdded(let message): message.sequence
        case .liquidityRemoved(let message): message.sequence
        case .balanceUpdate(let message): message.sequence
        case .positionUpdate(let message): message.sequence
        case .marginCall(let message): message.sequence
        case .liquidationStarted(let message): message.sequence
        case .liquidationEnded(let message): message.sequence
        case .insuranceFundUpdate(let message): message.sequence
        case .deleveraged(let message): message.sequence
        case .indexPriceSet(let message): message.sequence
        case .assetDefinition(let message): message.sequence
        case .instrumentDefinition(let message): message.sequence
        case .topOfBook(let message): message.sequence
        case .depthLevel(let message): message.sequence
        case .trade(let message): message.sequence
        case .poolState(let message): message.sequence
        case .markPrice(let message): message.sequence
        case .challenge, .login, .loginAccepted, .loginRejected, .heartbeat, .logoutRequest, .logout,
            .messageRejected, .newOrder, .cancelOrder, .replaceOrder, .massCancel, .addLiquidity, .removeLiquidity,
            .indexPrice, .adjustMargin, .snapshotBegin, .snapshotEnd:
            nil
        }
    }
}
