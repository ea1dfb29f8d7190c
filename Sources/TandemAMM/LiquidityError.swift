/// Why a liquidity command cannot be carried out.
public enum LiquidityError: Error, Sendable, Equatable {
    /// The deposit is too small to mint a share (or the first one to pass the locked minimum).
    case liquidityTooSmall
    /// Fewer shares, or fewer base or quote, than the caller's minimum.
    case slippage
    /// The account holds fewer shares than it asked to remove.
    case insufficientShares
    /// The pool holds no liquidity.
    case emptyPool
    /// The reserves would pass `ConstantProductPool.maxReserve`.
    case reserveTooLarge
}
