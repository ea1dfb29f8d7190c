import TandemClient
import TandemWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--received-log FILE`: one line per sequenced report the harness received, appended to FILE and written out
/// after every poll of the connections, so that the file holds everything the clients were told even when the
/// server is killed (the crash test, `LoadTests/crash_test.py`, checks each line against the journal).
///
/// Lines, space-separated, each starting with the report, the account and the session's sequence number:
/// `accepted ACCOUNT SEQ ORDER_ID CLIENT_ORDER_ID`, `fill ACCOUNT SEQ TRADE_ID ORDER_ID QUANTITY LIQUIDITY`,
/// `canceled ACCOUNT SEQ ORDER_ID CANCELED_QUANTITY`, `replaced ACCOUNT SEQ ORDER_ID`,
/// `rejected ACCOUNT SEQ CLIENT_ID`, and `other ACCOUNT SEQ MESSAGE_TYPE` for the other sequenced reports.
final class TcpReceivedLog {
    private let descriptor: Int32
    private let path: String
    private var buffer = ""

    /// Opens `path` for appending (created when missing).
    init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BenchmarkError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        buffer.reserveCapacity(1 << 16)
    }

    deinit {
        flush()
        close(descriptor)
    }

    /// Adds the line of `message`, received by `account`'s session; unsequenced messages have none.
    func record(_ message: Wire.Message, account: UInt32) {
        guard let sequence = message.sequence else { return }
        let head = "\(account) \(sequence)"
        switch message {
        case .orderAccepted(let accepted):
            buffer += "accepted \(head) \(accepted.orderId) \(accepted.clientOrderId)\n"
        case .fill(let fill):
            buffer += "fill \(head) \(fill.tradeId) \(fill.orderId) \(fill.quantity) \(fill.liquidity.name)\n"
        case .orderCanceled(let canceled):
            buffer += "canceled \(head) \(canceled.orderId) \(canceled.canceledQuantity)\n"
        case .orderReplaced(let replaced):
            buffer += "replaced \(head) \(replaced.orderId)\n"
        case .orderRejected(let rejected):
            buffer += "rejected \(head) \(rejected.clientId)\n"
        default:
            buffer += "other \(head) \(message.messageType.name)\n"
        }
    }

    /// Writes the lines recorded so far; a failed write is reported on standard error and drops them.
    func flush() {
        guard !buffer.isEmpty else { return }
        let failure: Int32? = buffer.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                guard written > 0 else { return errno }
                offset += written
            }
            return nil
        }
        if let failure {
            Console.progress("cannot write \(path): \(String(cString: strerror(failure)))")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
