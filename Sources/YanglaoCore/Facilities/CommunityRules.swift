/// The community-facility rules of the seeds: the "四有" check (有场地、有牌子、有活动、有记录),
/// every town's 居家养老服务中心, and the share of centres and stations run by social operators.
public enum CommunityRules {
    public enum FourHave: String, CaseIterable, Sendable, Codable {
        case site = "有场地"
        case sign = "有牌子"
        case activities = "有活动"
        case records = "有记录"
    }

    /// How far back activities count; no figure is set by the seeds, so it is a local setting
    /// (按本地细则配置) with this default.
    public static let defaultActivityWindowDays = 90

    /// An activity held at a community facility, as its record says.
    public struct Activity: Sendable, Equatable {
        public var heldOn: LocalDate
        public var participants: Int
        /// The written record (what was done, by whom); an activity without one is not 有记录.
        public var record: String

        public init(heldOn: LocalDate, participants: Int, record: String) {
            self.heldOn = heldOn
            self.participants = participants
            self.record = record
        }
    }

    /// Which of the four a community facility lacks on a date: 有活动 needs an activity within the
    /// window; 有记录 needs one of those with participants and a written record.
    public static func missingFourHaves(
        hasSite: Bool, hasSign: Bool, activities: [Activity], on date: LocalDate, windowDays: Int = defaultActivityWindowDays
    ) -> [FourHave] {
        let earliest = date.adding(days: -windowDays)
        let recent = activities.filter { $0.heldOn >= earliest && $0.heldOn <= date }
        var missing: [FourHave] = []
        if !hasSite { missing.append(.site) }
        if !hasSign { missing.append(.sign) }
        if recent.isEmpty { missing.append(.activities) }
        if !recent.contains(where: { $0.participants > 0 && !$0.record.trimmingWhitespace().isEmpty }) { missing.append(.records) }
        return missing
    }

    /// Problems of an activity record, by field: only community facilities keep them, and an
    /// activity is recorded after it was held.
    public static func activityProblems(
        category: FacilityCategory, heldOn: LocalDate?, kind: String, participants: Int?, today: LocalDate
    ) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !category.isCommunityFacility { problems.append(FieldProblem(field: "facility", message: "只有社区养老服务设施记录“四有”活动")) }
        if let heldOn {
            if heldOn > today { problems.append(FieldProblem(field: "heldOn", message: "活动日期（\(heldOn)）不能晚于今天")) }
        } else {
            problems.append(FieldProblem(field: "heldOn", message: "活动日期应为 YYYY-MM-DD"))
        }
        if kind.trimmingWhitespace().isEmpty { problems.append(FieldProblem(field: "kind", message: "请填写活动内容")) }
        if (participants ?? -1) < 0 { problems.append(FieldProblem(field: "participants", message: "参加人数应为非负整数")) }
        return problems
    }

    /// Towns (by code) without an operating 居家养老服务中心 located at the town itself.
    public static func townsWithoutCentre(towns: [String], centres: [(regionCode: String, status: FacilityStatus)]) -> [String] {
        let covered = Set(centres.filter { $0.status == .operating }.map(\.regionCode))
        return towns.filter { !covered.contains($0) }
    }

    /// 社会化运营 share of operating 居家养老服务中心（站）: (socialised, total).
    public static func socialisedShare(_ facilities: [(category: FacilityCategory, status: FacilityStatus, socialised: Bool)]) -> (socialised: Int, total: Int) {
        let counted = facilities.filter { ($0.category == .homeCareCentre || $0.category == .homeCareStation) && $0.status == .operating }
        return (counted.filter(\.socialised).count, counted.count)
    }
}

extension LocalDate {
    /// The date `days` later (earlier when negative), by the proleptic Gregorian calendar.
    public func adding(days: Int) -> LocalDate {
        var (year, month, day) = (self.year, self.month, self.day + days)
        while day < 1 {
            month -= 1
            if month < 1 { month = 12; year -= 1 }
            day += LocalDate.daysIn(month: month, year: year)
        }
        while day > LocalDate.daysIn(month: month, year: year) {
            day -= LocalDate.daysIn(month: month, year: year)
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return LocalDate(year: year, month: month, day: day)!
    }
}
