import TandemEngine

extension EventBody {
    /// The market whose book or pool the event changed, nil for events that change neither.
    var market: Int? {
        switch self {
        case .accepted(let accepted): accepted.market
        case .fill(let fill): fill.market
        case .poolFill(let fill): fill.market
        case .canceled(let canceled): canceled.market
        case .replaced(let replaced): replaced.market
        case .liquidityAdded(let added): added.market
        case .liquidityRemoved(let removed): removed.market
        case .rejected, .massCancelDone, .balance: nil
        // Positions, margin and prices change no book or pool; a liquidation's trades are ordinary fills.
        case .positionUpdate, .marginCall, .liquidationStarted, .liquidationEnded, .insuranceFund, .deleveraged,
            .indexPrice:
            nil
        }
    }

    /// Whether the event answers an administrator's command, which names no account: an index price's update
    /// or its rejection. It reports to the server's administrator account.
    var answersAdministrator: Bool {
        switch self {
        case .indexPrice: true
        case .rejected(let rejected): rejected.command == .indexPrice
        default: false
        }
    }

    /// The account the event reports to (0 for an index price update; see `answersAdministrator`). A perpetual
    /// event reports to the account whose position it is about: the insurance fund's payment to the liquidated
    /// account, a deleveraging to each side's own account.
    var account: UInt32 {
        switch self {
        case .accepted(let accepted): accepted.account
        case .rejected(let rejected): rejected.account
        case .fill(let fill): fill.account
        case .poolFill(let fill): fill.account
        case .canceled(let canceled): canceled.account
        case .replaced(let replaced): replaced.account
        case .massCancelDone(let done): done.account
        case .balance(let balance): balance.account
        case .liquidityAdded(let added): added.account
        case .liquidityRemoved(let removed): removed.account
        case .positionUpdate(let update): update.account
        case .marginCall(let call): call.account
        case .liquidationStarted(let started): started.account
        case .liquidationEnded(let ended): ended.account
        case .insuranceFund(let update): update.account
        case .deleveraged(let deleveraged): deleveraged.account
        case .indexPrice: 0
        }
    }
}
