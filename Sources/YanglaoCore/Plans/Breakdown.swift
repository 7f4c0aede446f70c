/// The rules of a breakdown table (指标分解表): a plan's targets split across the regions below it.
public enum BreakdownRules {
    /// A cell as officials fill it: blank is "no target"; otherwise a finite, non-negative number,
    /// whole for a count, at most 100 for a share.
    /// Any finite number of up to four decimals; the target's own bounds are checked after.
    static let cell = NumberKind(range: -1e12...1e12, integral: false, fractionDigits: 4, described: "数字")

    public static func parseTarget(_ text: String, indicator: IndicatorDefinition, label: String) -> ParsedTarget {
        var trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty || trimmed == "-" || trimmed == "—" || trimmed == "/" { return .blank }
        if indicator.unit.isShare, trimmed.hasSuffix("%") { trimmed.removeLast() }
        // Plain decimals as a sheet shows them: no hexadecimal ("0x10", "0x1p3"), no exponent ("1e3").
        guard trimmed.count <= 20, !trimmed.contains(where: { $0 == "e" || $0 == "E" }),
              case let .success(value) = Self.cell.parse(trimmed) else {
            return .invalid("“\(label)”的目标“\(text.prefix(20))”不是数字（请填写如 55、60.5 的数）")
        }
        guard value >= 0 else { return .invalid("“\(label)”的目标不能为负数") }
        if indicator.unit.isShare {
            guard value <= 100 else { return .invalid("“\(label)”是百分比，目标应在 0 至 100 之间") }
        } else {
            guard value.rounded() == value else { return .invalid("“\(label)”以“\(indicator.unit.rawValue)”计，目标应为整数") }
            guard value <= 10_000_000 else { return .invalid("“\(label)”的目标超出合理范围") }
        }
        return .target(value)
    }

    /// Where the regions' targets of a count do not add up to the table's 合计: one message per
    /// column, naming it. Shares are not summed (each region has its own share to reach).
    public static func totalMismatches(
        columns: [(label: String, indicator: IndicatorDefinition)], rows: [[Double?]], total: [Double?]
    ) -> [(column: Int, message: String)] {
        columns.indices.compactMap { column in
            guard !columns[column].indicator.unit.isShare, column < total.count, let stated = total[column] else { return nil }
            let sum = rows.reduce(0.0) { $0 + (column < $1.count ? $1[column] ?? 0 : 0) }
            guard abs(sum - stated) > 1e-9 else { return nil }
            return (column, "“\(columns[column].label)”列：各区镇目标之和为 \(IndicatorDefinition.format(sum))，合计行为 \(IndicatorDefinition.format(stated))，两者不一致")
        }
    }

    /// The target of the plan's own region for an indicator: the plan's text where it names one
    /// (the table's 合计 may be lower, e.g. 800 trained against a column of fewer), else the table's 合计.
    public static func regionTarget(planTarget: Double?, tableTotal: Double?) -> Double? {
        planTarget ?? tableTotal
    }
}

/// What a target cell holds.
public enum ParsedTarget: Sendable, Equatable {
    case blank
    case target(Double)
    /// Not a usable target: why, in Chinese.
    case invalid(String)
}
