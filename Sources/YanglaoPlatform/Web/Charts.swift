import Foundation
import Plot

/// Charts drawn on the server as inline SVG: no script, no CDN, they print. Each has a title and a
/// text alternative; colours come from the stylesheet's status classes.
package enum Charts {
    package struct Bar: Sendable {
        package var label: String
        package var value: Double?
        package var target: Double?
        /// The status class suffix (`met`, `behind` …) that colours the bar.
        package var status: String?
        package init(label: String, value: Double?, target: Double?, status: String?) {
            self.label = label
            self.value = value
            self.target = target
            self.status = status
        }
    }

    package struct Point: Sendable {
        package var label: String
        package var value: Double?
        package init(label: String, value: Double?) {
            self.label = label
            self.value = value
        }
    }

    static func svg(width: Int, height: Int, label: String, _ nodes: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
        .element(named: "svg", nodes: [
            .attribute(named: "xmlns", value: "http://www.w3.org/2000/svg"),
            .attribute(named: "viewBox", escaping: "0 0 \(width) \(height)"),
            .attribute(named: "class", value: "chart"),
            .attribute(named: "role", value: "img"),
            .attribute(named: "aria-label", escaping: label),
            .element(named: "title", text: label),
        ] + nodes)
    }

    static func shape(_ name: String, _ attributes: [(String, String)], text: String? = nil) -> Node<HTML.BodyContext> {
        .element(named: name, nodes: attributes.map { Node.attribute(named: $0.0, escaping: $0.1) } + (text.map { [Node.text($0)] } ?? []))
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e12 ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// Horizontal bars, one per region, with each region's target as a tick: "done against target".
    package static func bars(_ bars: [Bar], title: String, unit: String) -> Node<HTML.BodyContext> {
        let rowHeight = 26, labelWidth = 120, chartWidth = 460, width = labelWidth + chartWidth + 120
        let height = rowHeight * max(bars.count, 1) + 30
        let top = bars.flatMap { [$0.value ?? 0, $0.target ?? 0] }.max() ?? 0
        let scale = top > 0 ? Double(chartWidth) / top : 0
        var nodes: [Node<HTML.BodyContext>] = []
        for (index, bar) in bars.enumerated() {
            let y = 10 + index * rowHeight
            nodes.append(shape("text", [("x", "\(labelWidth - 8)"), ("y", "\(y + 16)"), ("text-anchor", "end"), ("class", "chart-label")], text: bar.label))
            if let value = bar.value {
                nodes.append(shape("rect", [("x", "\(labelWidth)"), ("y", "\(y + 3)"), ("width", String(format: "%.1f", max(value * scale, value > 0 ? 2 : 0))),
                                            ("height", "\(rowHeight - 8)"), ("class", "bar status-\(bar.status ?? "none")")]))
            }
            if let target = bar.target {
                let x = Double(labelWidth) + target * scale
                nodes.append(shape("line", [("x1", String(format: "%.1f", x)), ("x2", String(format: "%.1f", x)), ("y1", "\(y)"), ("y2", "\(y + rowHeight - 2)"),
                                            ("class", "target-tick")]))
            }
            let text = (bar.value.map(format) ?? "—") + (bar.target.map { " / " + format($0) } ?? "") + unit
            nodes.append(shape("text", [("x", "\(labelWidth + chartWidth + 8)"), ("y", "\(y + 16)"), ("class", "chart-value")], text: text))
        }
        nodes.append(shape("text", [("x", "\(labelWidth)"), ("y", "\(height - 4)"), ("class", "chart-note")], text: "竖线为目标"))
        return svg(width: width, height: height, label: title, nodes)
    }

    /// A line over the months, with the target as a dashed line; months without a figure leave a gap.
    package static func line(_ points: [Point], target: Double?, title: String, unit: String) -> Node<HTML.BodyContext> {
        let width = 300, height = 150, left = 36, right = 10, topPad = 24, bottom = 22
        let values = points.compactMap(\.value) + [target ?? 0]
        let top = max(values.max() ?? 0, 1) * 1.1
        let plotWidth = Double(width - left - right), plotHeight = Double(height - topPad - bottom)
        func x(_ index: Int) -> Double { Double(left) + (points.count > 1 ? Double(index) / Double(points.count - 1) : 0.5) * plotWidth }
        func y(_ value: Double) -> Double { Double(topPad) + plotHeight - value / top * plotHeight }
        var nodes: [Node<HTML.BodyContext>] = [
            shape("text", [("x", "4"), ("y", "14"), ("class", "chart-title")], text: title),
            shape("line", [("x1", "\(left)"), ("x2", "\(width - right)"), ("y1", "\(height - bottom)"), ("y2", "\(height - bottom)"), ("class", "axis")]),
            shape("text", [("x", "\(left - 4)"), ("y", String(format: "%.1f", y(top / 1.1) + 4)), ("text-anchor", "end"), ("class", "chart-note")], text: format(top / 1.1)),
        ]
        if let target {
            nodes.append(shape("line", [("x1", "\(left)"), ("x2", "\(width - right)"), ("y1", String(format: "%.1f", y(target))),
                                        ("y2", String(format: "%.1f", y(target))), ("class", "target-line")]))
        }
        var segment: [String] = []
        var paths: [[String]] = []
        for (index, point) in points.enumerated() {
            if let value = point.value { segment.append(String(format: "%.1f,%.1f", x(index), y(value))) } else if !segment.isEmpty { paths.append(segment); segment = [] }
        }
        if !segment.isEmpty { paths.append(segment) }
        for path in paths { nodes.append(shape("polyline", [("points", path.joined(separator: " ")), ("class", "trend")])) }
        for (index, point) in points.enumerated() {
            if let value = point.value {
                nodes.append(shape("circle", [("cx", String(format: "%.1f", x(index))), ("cy", String(format: "%.1f", y(value))), ("r", "2.5"), ("class", "trend-dot")]))
            }
            if index == 0 || index == points.count - 1 || points.count <= 6 {
                nodes.append(shape("text", [("x", String(format: "%.1f", x(index))), ("y", "\(height - 6)"), ("text-anchor", "middle"), ("class", "chart-note")],
                                   text: point.label))
            }
        }
        let last = points.last { $0.value != nil }?.value
        return svg(width: width, height: height, label: title + "：" + (last.map { format($0) + unit } ?? "暂无数据"), nodes)
    }
}
