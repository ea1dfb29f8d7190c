import TandemEngine

/// How much of the ec2018 flow the pool took, and where its price went: the `pool` member of the mix.
struct EC2018PoolActivity {
    var fills = 0
    var buyFills = 0
    var sellFills = 0
    var commandsWithPoolFills = 0
    /// Lots takers bought from and sold to the pool.
    var lotsBought = 0
    var lotsSold = 0
    /// Lots takers filled against resting orders, for the pool's share of taker volume.
    var bookTakerLots = 0
    /// LP fees charged: quote on buys from the pool, base minor units on sells to it.
    var lpFeeQuote = 0
    var lpFeeBase = 0
    var initial = Reserves(base: 0, quote: 0)
    var final = Reserves(base: 0, quote: 0)
    var lowestSpot = Int64.max
    var highestSpot: Int64 = 0
    var lowestBase = Int64.max
    var lowestQuote = Int64.max
    /// The sum over samples of |spot - last trade| in ppm of the last trade, and the sample count.
    var spotGapPPMSum = 0
    var samples = 0

    /// A pool's reserves in minor units.
    struct Reserves {
        var base: Int64
        var quote: Int64

        /// The price in quote per whole base unit (`lotSize` base minor units), rounded down.
        func spot(lotSize: Int64) -> Int64 {
            base > 0 ? Int64(Int128(quote) * Int128(lotSize) / Int128(base)) : 0
        }
    }

    /// Counts one of the pool's fills (a taker's trade with the pool).
    mutating func record(_ fill: PoolFill, lotSize: Int64) {
        let lots = Int(fill.quantity / lotSize)
        fills += 1
        if fill.side == .buy {
            buyFills += 1
            lotsBought += lots
            lpFeeQuote += Int(fill.lpFee)
        } else {
            sellFills += 1
            lotsSold += lots
            lpFeeBase += Int(fill.lpFee)
        }
    }

    /// Adds one periodic sample of the pool beside the generator's last trade price.
    mutating func sample(_ reserves: Reserves, lotSize: Int64, lastTrade: Int64) {
        let spot = reserves.spot(lotSize: lotSize)
        samples += 1
        lowestSpot = min(lowestSpot, spot)
        highestSpot = max(highestSpot, spot)
        lowestBase = min(lowestBase, reserves.base)
        lowestQuote = min(lowestQuote, reserves.quote)
        spotGapPPMSum += Int(abs(spot - lastTrade) * 1_000_000 / lastTrade)
    }

    func json(commands: Int, trades: Int, lotSize: Int64) -> JSONObject {
        let poolLots = lotsBought + lotsSold
        var object = JSONObject()
        object.add("fills", fills)
        object.add("fills_per_command", FixedDecimal(fills, over: commands, places: 5))
        object.add("buy_fills", buyFills)
        object.add("sell_fills", sellFills)
        object.add(
            "commands_with_pool_fills_percent", FixedDecimal(commandsWithPoolFills * 100, over: commands, places: 3))
        object.add("share_of_trades_percent", FixedDecimal(fills * 100, over: trades, places: 2))
        object.add("lots_bought_from_pool", lotsBought)
        object.add("lots_sold_to_pool", lotsSold)
        object.add("taker_lots_total", bookTakerLots + poolLots)
        object.add(
            "share_of_taker_volume_percent", FixedDecimal(poolLots * 100, over: bookTakerLots + poolLots, places: 2))
        object.add("lp_fees_quote", lpFeeQuote)
        object.add("lp_fees_base_minor", lpFeeBase)
        object.add("initial_base_minor", Int(initial.base))
        object.add("initial_quote", Int(initial.quote))
        object.add("final_base_minor", Int(final.base))
        object.add("final_quote", Int(final.quote))
        object.add("lowest_base_minor", Int(lowestBase))
        object.add("lowest_quote", Int(lowestQuote))
        object.add("final_spot", Int(final.spot(lotSize: lotSize)))
        object.add("spot_low", Int(lowestSpot))
        object.add("spot_high", Int(highestSpot))
        object.add("avg_spot_gap_to_last_trade_ppm", FixedDecimal(spotGapPPMSum, over: samples, places: 0))
        return object
    }
}
