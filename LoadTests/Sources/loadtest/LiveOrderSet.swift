/// The ids of the live orders, answering "the first live id at or after x" with word scans.
///
/// A second level of bits marks the non-empty words, so a query skips long dead stretches 4,096 ids at a time.
struct LiveOrderSet {
    private var words: [UInt64] = []
    private var nonEmptyWords: [UInt64] = []

    /// Marks `id` live.
    mutating func insert(_ id: Int) {
        let word = id >> 6
        if word >= words.count {
            words.append(contentsOf: repeatElement(0, count: word + 1 - words.count))
            let summaryWords = (words.count + 63) >> 6
            nonEmptyWords.append(contentsOf: repeatElement(0, count: summaryWords - nonEmptyWords.count))
        }
        words[word] |= 1 << UInt64(id & 63)
        nonEmptyWords[word >> 6] |= 1 << UInt64(word & 63)
    }

    /// Marks `id` no longer live (nothing happens if it was not).
    mutating func remove(_ id: Int) {
        let word = id >> 6
        guard word < words.count else { return }
        words[word] &= ~(1 << UInt64(id & 63))
        if words[word] == 0 {
            nonEmptyWords[word >> 6] &= ~(1 << UInt64(word & 63))
        }
    }

    /// The smallest live id that is at least `id`, or nil when there is none.
    func first(atOrAfter id: Int) -> Int? {
        let word = id >> 6
        guard word < words.count else { return nil }
        let sameWord = words[word] & (~0 << UInt64(id & 63))
        if sameWord != 0 {
            return word << 6 + sameWord.trailingZeroBitCount
        }
        guard let next = firstNonEmptyWord(atOrAfter: word + 1) else { return nil }
        return next << 6 + words[next].trailingZeroBitCount
    }

    private func firstNonEmptyWord(atOrAfter word: Int) -> Int? {
        var summary = word >> 6
        guard summary < nonEmptyWords.count else { return nil }
        var bits = nonEmptyWords[summary] & (~0 << UInt64(word & 63))
        while bits == 0 {
            summary += 1
            guard summary < nonEmptyWords.count else { return nil }
            bits = nonEmptyWords[summary]
        }
        return summary << 6 + bits.trailingZeroBitCount
    }
}
