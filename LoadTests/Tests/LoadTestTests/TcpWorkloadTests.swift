import TandemWire
import Testing

@testable import loadtest

/// A view in which every order sent is live until the test says otherwise, numbering requests as a ledger does.
private struct FakeView: TcpOrderView {
    var counts: [Int]
    var dead: Set<[Int]> = []
    var lastTradePrice: Int64 = 100_000

    init(connections: Int) {
        counts = [Int](repeating: 0, count: connections)
    }

    func nextRequestNumber(connection: Int) -> Int { counts[connection] + 1 }

    func isLive(connection: Int, request: Int) -> Bool {
        request <= counts[connection] && !dead.contains([connection, request])
    }

    mutating func sent(_ request: TcpRequest) { counts[request.connection] += 1 }
}

@Suite struct TcpWorkloadTests {
    @Test func ec2018RequestsNameOrdersTheirOwnConnectionCreatedEarlier() throws {
        var generator = EC2018Generator(seed: 3, moveBase: .original, pool: nil, baseDecimals: 0)
        let stream = try generator.generate(count: 20_000)
        var workload = try EC2018TcpWorkload(workload: stream, connections: 3)
        #expect(workload.count == 20_000)
        var view = FakeView(connections: 3)
        var kinds: [TcpRequest.Kind: Int] = [:]
        var newOrders: [[Int]: TcpRequest.NewOrderFields] = [:]
        while let request = workload.nextRequest(view: view) {
            kinds[request.kind, default: 0] += 1
            switch request.body {
            case .newOrder(let fields):
                newOrders[[request.connection, view.nextRequestNumber(connection: request.connection)]] = fields
            case .cancel(let target), .replace(let target, _, _):
                #expect(newOrders[[request.connection, target]] != nil, "a reference to an order never sent")
            case .massCancel:
                Issue.record("ec2018 has no mass cancels")
            }
            view.sent(request)
        }
        #expect(workload.sent == 20_000)
        #expect(kinds[.newOrder] == stream.mix.gtcOrders + stream.mix.iocOrders)
        #expect(kinds[.cancel] == stream.mix.cancels)
        #expect(kinds[.replace] == stream.mix.moves)
        // Users 1, 4, 7, ... trade through connection 0.
        #expect(view.counts.allSatisfy { $0 > 5_000 })
        #expect(newOrders.values.contains { $0.orderType == .market && $0.timeInForce == .ioc && $0.price == 0 })
    }

    @Test func makersReplaceLiveQuotesAndPlaceNewOnesForDeadOnes() {
        var workload = MakerTakerWorkload(
            .init(makers: 2, takers: 0, takerPercent: 0, lotSize: 1_000_000), seed: 1)
        var view = FakeView(connections: 2)
        #expect(workload.setupRequests().isEmpty)
        var requests: [TcpRequest] = []
        for _ in 0..<8 {
            let request = workload.nextRequest(view: view)!
            requests.append(request)
            view.sent(request)
        }
        // Turns go maker 0, maker 1, alternating sides per round: the first four place the quotes.
        #expect(requests.map(\.connection) == [0, 1, 0, 1, 0, 1, 0, 1])
        #expect(requests.prefix(4).allSatisfy { $0.kind == .newOrder })
        #expect(requests.suffix(4).allSatisfy { $0.kind == .replace })
        guard case .newOrder(let bid) = requests[0].body, case .newOrder(let ask) = requests[2].body,
            case .replace(let target, let price, let quantity) = requests[4].body
        else {
            Issue.record("unexpected requests")
            return
        }
        #expect(bid.side == .buy && bid.price < 100_000 && bid.price >= 100_000 - 10)
        #expect(ask.side == .sell && ask.price > 100_000 && ask.price <= 100_000 + 10)
        #expect(bid.quantity % 1_000_000 == 0 && bid.quantity > 0)
        #expect(target == 1 && price < 100_000 && quantity != nil)
        // Maker 0's bid was filled: its next bid turn places a new order, maker 1 moves its live bid.
        view.dead.insert([0, 1])
        let bidTurn = workload.nextRequest(view: view)!
        view.sent(bidTurn)
        #expect(bidTurn.connection == 0 && bidTurn.kind == .newOrder)
        #expect(workload.nextRequest(view: view).map { $0.connection == 1 && $0.kind == .replace } == true)
    }

    @Test func takersSendMarketOrdersThatSweepTheirOwnQuotesAndSeedABookAlone() {
        var workload = MakerTakerWorkload(
            .init(makers: 0, takers: 3, takerPercent: 100, seedLevels: 2, lotSize: 1), seed: 1)
        let setup = workload.setupRequests()
        #expect(setup.count == 3 * 2 * 2)
        #expect(Set(setup.map(\.connection)) == [0, 1, 2])
        let view = FakeView(connections: 3)
        for expected in [0, 1, 2, 0] {
            let request = workload.nextRequest(view: view)!
            #expect(request.connection == expected)
            guard case .newOrder(let order) = request.body else {
                Issue.record("a taker sends new orders")
                return
            }
            #expect(order.orderType == .market && order.timeInForce == .ioc && order.selfTrade == .cancelMaker)
            #expect((1...10).contains(order.quantity))
        }
    }

    @Test func theMixSendsAboutTheTakerShareFromTheTakerConnections() {
        var workload = MakerTakerWorkload(
            .init(makers: 3, takers: 2, takerPercent: 25, lotSize: 1), seed: 9)
        var view = FakeView(connections: 5)
        var takerRequests = 0
        for _ in 0..<10_000 {
            let request = workload.nextRequest(view: view)!
            if request.connection >= 3 {
                takerRequests += 1
            }
            view.sent(request)
        }
        #expect((2_300...2_700).contains(takerRequests))
    }
}
