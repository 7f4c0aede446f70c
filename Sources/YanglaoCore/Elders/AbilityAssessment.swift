/// Elderly ability assessment per GB/T 42195-2022 老年人能力评估规范: 26 items in four dimensions,
/// total 0–90 (higher is more able), a preliminary level from the total, and the adjustments that
/// raise it to the final level.
public enum AbilityAssessment {
    public struct Item: Sendable, Equatable {
        public let code: String
        public let name: String
        public let dimension: Dimension
        public let maximum: Int
    }

    public enum Dimension: String, Sendable, CaseIterable {
        case selfCare = "自理能力"
        case basicMotion = "基础运动能力"
        case mentalState = "精神状态"
        case perceptionAndSocial = "感知觉与社会参与"
    }

    /// The 26 items with their Appendix B codes and score ranges (0…maximum).
    public static let items: [Item] = [
        Item(code: "B.1.1", name: "进食", dimension: .selfCare, maximum: 4),
        Item(code: "B.1.2", name: "修饰", dimension: .selfCare, maximum: 4),
        Item(code: "B.1.3", name: "洗澡", dimension: .selfCare, maximum: 4),
        Item(code: "B.1.4", name: "穿/脱上衣", dimension: .selfCare, maximum: 4),
        Item(code: "B.1.5", name: "穿/脱裤子和鞋袜", dimension: .selfCare, maximum: 4),
        Item(code: "B.1.6", name: "小便控制", dimension: .selfCare, maximum: 4),
        Item(code: "B.1.7", name: "大便控制", dimension: .selfCare, maximum: 4),
        Item(code: "B.1.8", name: "如厕", dimension: .selfCare, maximum: 4),
        Item(code: "B.2.1", name: "床上体位转移", dimension: .basicMotion, maximum: 4),
        Item(code: "B.2.2", name: "床椅转移", dimension: .basicMotion, maximum: 4),
        Item(code: "B.2.3", name: "平地行走", dimension: .basicMotion, maximum: 4),
        Item(code: "B.2.4", name: "上下楼梯", dimension: .basicMotion, maximum: 3),
        Item(code: "B.3.1", name: "时间定向", dimension: .mentalState, maximum: 4),
        Item(code: "B.3.2", name: "空间定向", dimension: .mentalState, maximum: 4),
        Item(code: "B.3.3", name: "人物定向", dimension: .mentalState, maximum: 4),
        Item(code: "B.3.4", name: "记忆", dimension: .mentalState, maximum: 4),
        Item(code: "B.3.5", name: "理解能力", dimension: .mentalState, maximum: 4),
        Item(code: "B.3.6", name: "表达能力", dimension: .mentalState, maximum: 4),
        Item(code: "B.3.7", name: "攻击行为", dimension: .mentalState, maximum: 1),
        Item(code: "B.3.8", name: "抑郁症状", dimension: .mentalState, maximum: 1),
        Item(code: "B.3.9", name: "意识水平", dimension: .mentalState, maximum: 2),
        Item(code: "B.4.1", name: "视力", dimension: .perceptionAndSocial, maximum: 2),
        Item(code: "B.4.2", name: "听力", dimension: .perceptionAndSocial, maximum: 2),
        Item(code: "B.4.3", name: "执行日常事务", dimension: .perceptionAndSocial, maximum: 4),
        Item(code: "B.4.4", name: "使用交通工具外出", dimension: .perceptionAndSocial, maximum: 3),
        Item(code: "B.4.5", name: "社会交往能力", dimension: .perceptionAndSocial, maximum: 4),
    ]

    public static let maximumTotal = 90

    /// The levels, 0 (能力完好) to 4 (能力完全丧失).
    public enum Level: Int, Sendable, CaseIterable, Comparable {
        case intact = 0, mild, moderate, severe, complete

        public var name: String {
            switch self {
            case .intact: "能力完好"
            case .mild: "能力轻度受损（轻度失能）"
            case .moderate: "能力中度受损（中度失能）"
            case .severe: "能力重度受损（重度失能）"
            case .complete: "能力完全丧失（完全失能）"
            }
        }

        /// The preliminary level of a total: 90 → 0, 66–89 → 1, 46–65 → 2, 30–45 → 3, 0–29 → 4.
        public init(total: Int) {
            switch total {
            case 90...: self = .intact
            case 66...89: self = .mild
            case 46...65: self = .moderate
            case 30...45: self = .severe
            default: self = .complete
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        /// One level worse, never beyond 能力完全丧失.
        var raised: Level { Level(rawValue: min(rawValue + 1, Level.complete.rawValue))! }
    }

    /// What can change the level beyond the total.
    public struct Circumstances: Sendable, Equatable {
        /// ICD-10 codes of diagnoses, e.g. ["F03"].
        public var diagnoses: [String]
        /// Care-risk events (跌倒, 噎食, 自杀, 自伤, 走失 …) in the last 30 days.
        public var riskEventsIn30Days: Int
        public var coma: Bool

        public init(diagnoses: [String] = [], riskEventsIn30Days: Int = 0, coma: Bool = false) {
            self.diagnoses = diagnoses
            self.riskEventsIn30Days = riskEventsIn30Days
            self.coma = coma
        }
    }

    /// Local settings: what 昏迷 means (sources conflict; default 能力完全丧失 — unverified, configurable).
    public struct Settings: Sendable, Equatable {
        public var comaLevel: Level
        /// Months until the next assessment is due (MZ/T 039-2013: 6).
        public var reassessmentMonths: Int

        public init(comaLevel: Level = .complete, reassessmentMonths: Int = 6) {
            self.comaLevel = comaLevel
            self.reassessmentMonths = reassessmentMonths
        }
    }

    /// Why the final level differs from the preliminary one.
    public enum Adjustment: String, Sendable, Equatable, CaseIterable {
        case dementiaOrMentalDisorder = "患有认知障碍/痴呆或精神科医师诊断的其他精神和行为障碍"
        case riskEvents = "近30天内发生2次及以上照护风险事件"
        case coma = "昏迷"
    }

    public struct Result: Sendable, Equatable {
        public var total: Int
        public var dimensionTotals: [Dimension: Int]
        public var preliminaryLevel: Level
        public var level: Level
        public var adjustments: [Adjustment]
        public var nextDueOn: LocalDate

        public init(total: Int, dimensionTotals: [Dimension: Int], preliminaryLevel: Level, level: Level, adjustments: [Adjustment], nextDueOn: LocalDate) {
            self.total = total
            self.dimensionTotals = dimensionTotals
            self.preliminaryLevel = preliminaryLevel
            self.level = level
            self.adjustments = adjustments
            self.nextDueOn = nextDueOn
        }
    }

    /// The scores, each at its item code, checked: every item present, none unknown, each within its range.
    public static func problems(_ scores: [String: Int]) -> [String: String] {
        var problems: [String: String] = [:]
        let known = Dictionary(uniqueKeysWithValues: items.map { ($0.code, $0) })
        for code in scores.keys where known[code] == nil { problems[code] = "未知的评估项目“\(code.prefix(20))”" }
        for item in items {
            guard let score = scores[item.code] else { problems[item.code] = "\(item.code) \(item.name)未评分"; continue }
            if !(0...item.maximum).contains(score) { problems[item.code] = "\(item.code) \(item.name)的得分应为 0 至 \(item.maximum)，实际为 \(score)" }
        }
        return problems
    }

    /// Dementia F00–F03, or another mental or behavioural disorder F04–F99 (ICD-10 chapter V).
    public static func isDementiaOrMentalDisorder(_ code: String) -> Bool {
        let text = code.uppercased()
        guard text.first == "F", let number = Int(text.dropFirst().prefix(2)), text.dropFirst().prefix(2).count == 2 else { return false }
        return (0...99).contains(number)
    }

    /// Scores checked scores (see `problems`), on the day assessed.
    public static func score(
        _ scores: [String: Int], circumstances: Circumstances, assessedOn: LocalDate, settings: Settings = Settings()
    ) -> Result {
        var dimensionTotals: [Dimension: Int] = [:]
        for item in items { dimensionTotals[item.dimension, default: 0] += scores[item.code] ?? 0 }
        let total = dimensionTotals.values.reduce(0, +)
        let preliminary = Level(total: total)
        var level = preliminary
        var adjustments: [Adjustment] = []
        if circumstances.diagnoses.contains(where: isDementiaOrMentalDisorder) {
            level = level.raised
            adjustments.append(.dementiaOrMentalDisorder)
        }
        if circumstances.riskEventsIn30Days >= 2 {
            level = level.raised
            adjustments.append(.riskEvents)
        }
        if circumstances.coma {
            level = max(level, settings.comaLevel)
            adjustments.append(.coma)
        }
        return Result(total: total, dimensionTotals: dimensionTotals, preliminaryLevel: preliminary, level: level,
                      adjustments: adjustments, nextDueOn: assessedOn.adding(months: settings.reassessmentMonths))
    }
}

extension LocalDate {
    /// Age in whole years on a date, born on this one (0 before the first birthday; a 29 February
    /// birthday counts on 1 March in other years).
    public func age(on date: LocalDate) -> Int {
        let hadBirthday = (date.month, date.day) >= (month, day)
        return Swift.max(0, date.year - year - (hadBirthday ? 0 : 1))
    }

    /// The same day `months` later, on the month's last day where it has no such day (31 August + 6 → 28/29 February).
    public func adding(months: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index / 12, newMonth = index % 12 + 1
        var newDay = day
        while LocalDate(year: newYear, month: newMonth, day: newDay) == nil { newDay -= 1 }
        return LocalDate(year: newYear, month: newMonth, day: newDay)!
    }
}
