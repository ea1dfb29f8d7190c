#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A line chart as inline SVG: series of points on linear or logarithmic axes, with ticks, a grid and a legend.
/// It uses no script, font or stylesheet from outside, so a report that embeds it stands alone.
struct SVGChart {
    enum Scale {
        case linear
        case logarithmic
    }

    struct Axis {
        var title: String
        var scale: Scale
        /// How a tick's value is written.
        var label: (Double) -> String
        /// Fixed tick positions; nil: chosen from the data's range.
        var ticks: [Double]? = nil
    }

    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]
    static let width = 760.0
    static let height = 360.0
    private static let left = 80.0
    private static let right = 170.0
    private static let top = 34.0
    private static let bottom = 50.0

    var title: String
    var x: Axis
    var y: Axis
    var series: [Series]

    /// The chart as an `<svg>` element.
    var rendered: String {
        let visible = series.map { line in
            Series(name: line.name, points: line.points.filter { accepts($0.x, on: x) && accepts($0.y, on: y) })
        }
        let xs = visible.flatMap { $0.points.map(\.x) }
        let ys = visible.flatMap { $0.points.map(\.y) }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" "
            + "viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" font-family=\"sans-serif\" font-size=\"11\">"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        svg += text(Self.left, 20, title, size: 14, weight: "bold")
        guard let xRange = Self.range(xs, scale: x.scale), let yRange = Self.range(ys, scale: y.scale) else {
            return svg + text(Self.left, Self.height / 2, "no data") + "</svg>"
        }
        let plot = Plot(x: xRange, xScale: x.scale, y: yRange, yScale: y.scale)
        svg += axes(plot)
        for (index, line) in visible.enumerated() where !line.points.isEmpty {
            let color = Self.palette[index % Self.palette.count]
            let points = line.points.map { "\(Self.number(plot.px($0.x))),\(Self.number(plot.py($0.y)))" }
            svg +=
                "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" "
                + "points=\"\(points.joined(separator: " "))\"/>"
            if line.points.count == 1, let point = line.points.first {
                svg +=
                    "<circle cx=\"\(Self.number(plot.px(point.x)))\" cy=\"\(Self.number(plot.py(point.y)))\" r=\"3\" "
                    + "fill=\"\(color)\"/>"
            }
            let legendY = Self.top + 14 + Double(index) * 18
            let legendX = Self.width - Self.right + 14
            svg +=
                "<line x1=\"\(Self.number(legendX))\" y1=\"\(Self.number(legendY - 4))\" "
                + "x2=\"\(Self.number(legendX + 18))\" y2=\"\(Self.number(legendY - 4))\" stroke=\"\(color)\" "
                + "stroke-width=\"2\"/>"
            svg += text(legendX + 24, legendY, line.name)
        }
        return svg + "</svg>"
    }

    private func accepts(_ value: Double, on axis: Axis) -> Bool {
        value.isFinite && (axis.scale == .linear || value > 0)
    }

    private func axes(_ plot: Plot) -> String {
        var svg = ""
        let xTicks =
            x.ticks?.filter { $0 >= plot.x.lowerBound && $0 <= plot.x.upperBound }
            ?? Self.ticks(plot.x, scale: x.scale)
        for tick in xTicks {
            let position = plot.px(tick)
            svg += line(position, Self.top, position, Self.height - Self.bottom, color: "#e0e0e0")
            svg += text(position, Self.height - Self.bottom + 16, x.label(tick), anchor: "middle")
        }
        for tick in Self.ticks(plot.y, scale: y.scale) {
            let position = plot.py(tick)
            svg += line(Self.left, position, Self.width - Self.right, position, color: "#e0e0e0")
            svg += text(Self.left - 6, position + 4, y.label(tick), anchor: "end")
        }
        svg +=
            "<rect x=\"\(Self.number(Self.left))\" y=\"\(Self.number(Self.top))\" "
            + "width=\"\(Self.number(Self.width - Self.left - Self.right))\" "
            + "height=\"\(Self.number(Self.height - Self.top - Self.bottom))\" fill=\"none\" stroke=\"#444444\"/>"
        svg += text((Self.left + Self.width - Self.right) / 2, Self.height - 10, x.title, anchor: "middle")
        let middle = Self.number((Self.top + Self.height - Self.bottom) / 2)
        svg +=
            "<text x=\"16\" y=\"\(middle)\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(middle))\">"
            + HTMLText.escaped(y.title) + "</text>"
        return svg
    }

    private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String) -> String {
        "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" "
            + "stroke=\"\(color)\"/>"
    }

    private func text(
        _ x: Double, _ y: Double, _ content: String, anchor: String = "start", size: Int = 11, weight: String = "normal"
    ) -> String {
        "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" "
            + "font-weight=\"\(weight)\">\(HTMLText.escaped(content))</text>"
    }

    /// The data's range, widened to whole decades on a logarithmic axis and to include 0 on a linear one;
    /// nil without data.
    static func range(_ values: [Double], scale: Scale) -> ClosedRange<Double>? {
        guard let low = values.min(), let high = values.max() else { return nil }
        switch scale {
        case .linear:
            let lower = min(low, 0)
            let upper = high > lower ? high * 1.05 : lower + 1
            return lower...upper
        case .logarithmic:
            let lower = power(of: floorLog10(low))
            var upper = power(of: floorLog10(high))
            if upper < high || upper <= lower {
                upper *= 10
            }
            return lower...upper
        }
    }

    /// Tick positions: 1, 2 or 5 times a power of ten on a linear axis (about six), each decade on a logarithmic
    /// one (with 2 and 5 within it when the range spans at most two decades).
    static func ticks(_ range: ClosedRange<Double>, scale: Scale) -> [Double] {
        switch scale {
        case .linear:
            let rough = (range.upperBound - range.lowerBound) / 6
            let magnitude = power(of: floorLog10(rough))
            let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? magnitude * 10
            var ticks: [Double] = []
            var tick = (range.lowerBound / step).rounded(.up) * step
            while tick <= range.upperBound {
                ticks.append(tick)
                tick += step
            }
            return ticks
        case .logarithmic:
            var ticks: [Double] = []
            var decade = range.lowerBound
            let fine = range.upperBound / range.lowerBound <= 100
            while decade <= range.upperBound {
                ticks.append(decade)
                if fine {
                    ticks += [2 * decade, 5 * decade].filter { $0 < range.upperBound }
                }
                decade *= 10
            }
            return ticks
        }
    }

    /// A coordinate with one decimal, as SVG reads it.
    static func number(_ value: Double) -> String {
        FixedDecimal(Int((value * 10).rounded()), over: 10, places: 1).description
    }

    private static func floorLog10(_ value: Double) -> Int {
        var exponent = 0
        var scaled = value
        while scaled >= 10 {
            scaled /= 10
            exponent += 1
        }
        while scaled < 1 {
            scaled *= 10
            exponent -= 1
        }
        return exponent
    }

    private static func power(of exponent: Int) -> Double {
        exponent >= 0
            ? (0..<exponent).reduce(1.0) { product, _ in product * 10 }
            : (0..<(-exponent)).reduce(1.0) { product, _ in product / 10 }
    }

    /// Maps data to pixels.
    private struct Plot {
        var x: ClosedRange<Double>
        var xScale: Scale
        var y: ClosedRange<Double>
        var yScale: Scale

        func px(_ value: Double) -> Double {
            SVGChart.left + fraction(value, x, xScale) * (SVGChart.width - SVGChart.left - SVGChart.right)
        }

        func py(_ value: Double) -> Double {
            SVGChart.height - SVGChart.bottom - fraction(value, y, yScale)
                * (SVGChart.height - SVGChart.top - SVGChart.bottom)
        }

        private func fraction(_ value: Double, _ range: ClosedRange<Double>, _ scale: Scale) -> Double {
            switch scale {
            case .linear:
                return (value - range.lowerBound) / (range.upperBound - range.lowerBound)
            case .logarithmic:
                return log10(value / range.lowerBound) / log10(range.upperBound / range.lowerBound)
            }
        }
    }
}
