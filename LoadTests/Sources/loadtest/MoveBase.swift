import ArgumentParser

/// Which price an ec2018 move is measured from.
enum MoveBase: String, CaseIterable, ExpressibleByArgument {
    /// The price the order was placed at, as exchange-core's generator did: most moves repeat the previous one.
    case original
    /// The order's current price: every move changes the price (the harder variant).
    case current
}
