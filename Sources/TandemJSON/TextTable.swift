/// Plain-text columns for the human-readable summary: each column padded to its widest cell.
struct TextTable {
    enum Alignment {
        case left
        case right
    }

    private let alignments: [Alignment]
    private var rows: [[String]] = []

    init(_ alignments: [Alignment]) {
        self.alignments = alignments
    }

    /// How many rows were appended (a header counts).
    var rowCount: Int { rows.count }

    mutating func append(_ row: [String]) {
        precondition(row.count == alignments.count, "a row needs one cell per column")
        rows.append(row)
    }

    /// The rows, each indented, columns separated by two spaces, each line ending in a newline.
    func render(indent: String) -> String {
        var widths = Array(repeating: 0, count: alignments.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        var text = ""
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .left ? cell + padding : padding + cell
            }
            var line = indent + cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            text += line + "\n"
        }
        return text
    }
}
