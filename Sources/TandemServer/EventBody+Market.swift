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
        }
    }

    /// The account the event reports to.
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
        }
    }
}
