extension Int {
    /// The number with thousands separated by commas, as in "3,000,000".
    var grouped: String {
        let digits = Array(magnitude.description)
        var text = self < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 {
                text.append(",")
            }
            text.append(digit)
        }
        return text
    }
}
