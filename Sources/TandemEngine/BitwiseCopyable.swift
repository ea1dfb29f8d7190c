// Commands and events are plain integers, so they can cross threads through preallocated ring slots
// (the server's hand-off to and from the engine thread) without reference counting or allocation.

extension RejectReason: BitwiseCopyable {}
extension CancelReason: BitwiseCopyable {}
extension OrderReference: BitwiseCopyable {}
extension Transfer: BitwiseCopyable {}
extension NewOrder: BitwiseCopyable {}
extension CancelOrder: BitwiseCopyable {}
extension ReplaceOrder: BitwiseCopyable {}
extension MassCancel: BitwiseCopyable {}
extension AddLiquidity: BitwiseCopyable {}
extension RemoveLiquidity: BitwiseCopyable {}
extension IndexPrice: BitwiseCopyable {}
extension AdjustMargin: BitwiseCopyable {}
extension Command: BitwiseCopyable {}
extension OrderAccepted: BitwiseCopyable {}
extension CommandRejected: BitwiseCopyable {}
extension Fill: BitwiseCopyable {}
extension PoolFill: BitwiseCopyable {}
extension LiquidityAdded: BitwiseCopyable {}
extension LiquidityRemoved: BitwiseCopyable {}
extension OrderCanceled: BitwiseCopyable {}
extension OrderReplaced: BitwiseCopyable {}
extension MassCancelDone: BitwiseCopyable {}
extension BalanceUpdate: BitwiseCopyable {}
extension PositionUpdate: BitwiseCopyable {}
extension MarginCall: BitwiseCopyable {}
extension LiquidationStarted: BitwiseCopyable {}
extension LiquidationEnded: BitwiseCopyable {}
extension InsuranceFundUpdate: BitwiseCopyable {}
extension Deleveraged: BitwiseCopyable {}
extension IndexPriceUpdate: BitwiseCopyable {}
extension EventBody: BitwiseCopyable {}
extension Event: BitwiseCopyable {}
extension DepthLevel: BitwiseCopyable {}
