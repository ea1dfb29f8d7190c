/// The errors of a `loadtest tcp` run: everything that should not happen, counted, with the first few described.
struct TcpErrorLog {
    static let keptDescriptions = 20

    private(set) var count = 0
    /// The first `keptDescriptions` errors, in the order they happened.
    private(set) var descriptions: [String] = []

    mutating func record(_ description: @autoclosure () -> String) {
        count += 1
        if descriptions.count < Self.keptDescriptions {
            descriptions.append(description())
        }
    }
}
