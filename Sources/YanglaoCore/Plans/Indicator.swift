/// The unit an indicator is counted in, as the plans write it.
public enum IndicatorUnit: String, CaseIterable, Codable, Sendable {
    case percent = "%"
    case beds = "张"
    case households = "户"
    case persons = "人"
    case units = "个"
    case articles = "篇"
    case homes = "所"
    case institutions = "家"

    /// A share (a numerator among a denominator), not a count.
    public var isShare: Bool { self == .percent }
}

/// Which way an indicator's target points.
public enum IndicatorDirection: String, CaseIterable, Codable, Sendable {
    case atLeast = "不低于"
    case atMost = "不高于"
    case exactly = "等于"

    public func isMet(_ value: Double, target: Double) -> Bool {
        switch self {
        case .atLeast: value >= target - Self.tolerance
        case .atMost: value <= target + Self.tolerance
        case .exactly: abs(value - target) <= Self.tolerance
        }
    }

    /// Shares are computed in floating point: 0.55 × 100 is 55.00000000000001.
    static let tolerance = 1e-9
}

/// How an indicator is measured.
public enum IndicatorMeasure: Sendable, Equatable {
    /// A named formula over the registries; before `since` (a registry came later) the reported
    /// history is read instead, so that turning a reported indicator into a computed one keeps it.
    case computed(IndicatorFormula, since: YearMonth? = nil)
    /// Entered per region per month where no registry holds the facts yet.
    case reported

    /// The formula that measures the month, or nil when the month's figure is entered.
    public func formula(for month: YearMonth) -> IndicatorFormula? {
        guard case let .computed(formula, since) = self else { return nil }
        return since.map { month >= $0 } ?? true ? formula : nil
    }
}

/// An indicator of the catalogue: what plans set targets on.
public struct IndicatorDefinition: Sendable, Equatable, Identifiable {
    public var code: String
    public var name: String
    public var unit: IndicatorUnit
    public var direction: IndicatorDirection
    public var measure: IndicatorMeasure
    /// A count of the year's work that grows month by month (projects completed, households
    /// renovated): its reported figures are the month's new ones, summed to date. A level (a share,
    /// a stock) is read as it stands at the month's end.
    public var accumulates: Bool
    /// What is counted, for the page's note and the report.
    public var explanation: String

    public var id: String { code }

    public init(code: String, name: String, unit: IndicatorUnit, direction: IndicatorDirection = .atLeast,
                measure: IndicatorMeasure, accumulates: Bool, explanation: String) {
        self.code = code
        self.name = name
        self.unit = unit
        self.direction = direction
        self.measure = measure
        self.accumulates = accumulates
        self.explanation = explanation
    }

    /// Whether a figure entered for a region is acceptable: finite, not negative, a share within 0…100
    /// with its denominator, a count whole. nil when it is fine.
    public func reportedProblem(value: Double, denominator: Double?) -> String? {
        guard value.isFinite, value >= 0 else { return "\(name)应为不小于 0 的数" }
        if unit.isShare {
            guard let denominator, denominator.isFinite, denominator > 0, denominator.rounded() == denominator else {
                return "\(name)是比例：请填写分母（应计数，正整数）"
            }
            guard value.rounded() == value else { return "\(name)的分子应为整数" }
            guard value <= denominator else { return "\(name)的分子（\(Self.format(value))）不能大于分母（\(Self.format(denominator))）" }
            return nil
        }
        guard denominator == nil else { return "\(name)以“\(unit.rawValue)”计，不填分母" }
        guard value.rounded() == value else { return "\(name)以“\(unit.rawValue)”计，应为整数" }
        guard value <= 10_000_000 else { return "\(name)超出合理范围（不超过 10000000\(unit.rawValue)）" }
        return nil
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// A calendar month, "2021-06": the period of ledgers, reported figures and progress.
public struct YearMonth: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    public init(_ date: LocalDate) {
        year = date.year
        month = date.month
    }

    /// "2021-06" (also "2021-6", "2021年6月").
    public init?(parsing text: String) {
        let pieces = text.trimmingWhitespace().split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "年" || $0 == "月" })
        guard pieces.count == 2, pieces.allSatisfy({ $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(pieces[0]), let month = Int(pieces[1]), pieces[0].count == 4 else { return nil }
        self.init(year: year, month: month)
    }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    public var label: String { "\(year)年\(month)月" }
    public var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1)! }
    public var lastDay: LocalDate { LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))! }

    public var previous: YearMonth { month == 1 ? YearMonth(year: year - 1, month: 12)! : YearMonth(year: year, month: month - 1)! }
    public var next: YearMonth { month == 12 ? YearMonth(year: year + 1, month: 1)! : YearMonth(year: year, month: month + 1)! }
    /// The same month a year before (同比).
    public var yearBefore: YearMonth { YearMonth(year: year - 1, month: month)! }

    /// The months of a year up to this one.
    public var monthsOfYearSoFar: [YearMonth] { (1...month).map { YearMonth(year: year, month: $0)! } }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let month = YearMonth(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "月份格式应为 YYYY-MM"))
        }
        self = month
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
