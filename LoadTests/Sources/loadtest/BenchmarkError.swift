/// A benchmark that cannot run or whose replay does not reproduce what it should.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
